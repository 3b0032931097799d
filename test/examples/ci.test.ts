import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { parse } from 'yaml';
import { program } from '../../lib/cli/main';

const CI_DIR = join(__dirname, '..', '..', 'examples', 'ci');

/** Every string in a parsed YAML document (run: and script: entries are strings). */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** The arguments of each `edgefleet ...` command line: cut at shell operators, quotes removed, variables stood in for. */
function edgefleetCommands(text: string): string[][] {
  const commands: string[][] = [];
  for (const line of text.split('\n')) {
    const match = /(?:npx )?edgefleet (.*)$/.exec(line);
    if (!match) continue;
    const command = match[1].split(/\s(?:\|\||&&|\||>|;)\s?/)[0];
    const words = [...command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
    commands.push(words.map((w) => w.replace(/\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/g, 'x')));
  }
  return commands;
}

/** The command tree with every action replaced by nothing: parsing checks commands, options and their values only. */
function parseOnly(): Command {
  const root = program();
  const silence = (c: Command): void => {
    c.action(() => undefined);
    c.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
    c.commands.forEach(silence);
  };
  root.commands.forEach(silence);
  root.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  return root;
}

const files = readdirSync(CI_DIR).filter((f) => /\.ya?ml$/.test(f));

describe.each(files)('examples/ci/%s', (file) => {
  const commands = edgefleetCommands(strings(parse(readFileSync(join(CI_DIR, file), 'utf8'))).join('\n'));

  it('runs synth --commit, promote --wave canary, a scheduled promote and rollout status', () => {
    const lines = commands.map((c) => c.join(' '));
    expect(lines.some((l) => l.startsWith('synth') && l.includes('--check'))).toBe(true);
    expect(lines.some((l) => l.startsWith('plan') && l.includes('--format markdown'))).toBe(true);
    expect(lines.some((l) => l.startsWith('synth') && l.includes('--commit'))).toBe(true);
    expect(lines.some((l) => l === 'promote --repo tree --wave canary')).toBe(true);
    expect(lines.some((l) => l.startsWith('promote') && l.includes('--prometheus-url'))).toBe(true);
  });

  it('every edgefleet command line parses with the real CLI', async () => {
    const checked: string[] = [];
    for (const args of commands) {
      const parsed = parseOnly()
        .exitOverride()
        .parseAsync(['node', 'edgefleet', ...args]);
      await expect(parsed).resolves.toBeDefined();
      checked.push(args[0]);
    }
    expect(checked).toEqual(expect.arrayContaining(['synth', 'plan', 'promote', 'rollout']));
  });

  it('the parse-only check does refuse a flag the CLI lacks', async () => {
    await expect(
      parseOnly().exitOverride().parseAsync(['node', 'edgefleet', 'promote', '--repo', 'tree', '--wave', 'canary', '--no-such-flag']),
    ).rejects.toBeInstanceOf(CommanderError);
  });
});
