import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ESLint, Linter } from 'eslint';
import { tempDir } from '../support/synth-sites';

/*
 * The lint gate fails where it should: each case lints a file that does not
 * exist in the repo (lintText with a made-up path, or files in a temp dir)
 * with the repo's eslint.config.js, and names the rule that must fire.
 */

const repoRoot = resolve(__dirname, '../..');
// The config as `npm run lint` loads it; passed as an object because Jest cannot import() a config file.
const config = require('../../eslint.config.js') as Linter.Config[];

async function lint(filePath: string, text: string, cwd = repoRoot): Promise<Linter.LintMessage[]> {
  const eslint = new ESLint({ cwd, overrideConfigFile: true, overrideConfig: config });
  const [result] = await eslint.lintText(text, { filePath: join(cwd, filePath) });
  return result.messages;
}

const rules = (messages: Linter.LintMessage[]): (string | null)[] => messages.map((m) => m.ruleId);

describe('layering', () => {
  it('lets a stage import the stages below it', async () => {
    const text = [
      "import { commonLabels } from '../components/labels';",
      "import { dnsLabel } from '../model/names';",
      'export const both = [commonLabels, dnsLabel];',
      '',
    ].join('\n');
    expect(await lint('lib/render/example.ts', text)).toEqual([]);
  });

  it.each([
    ['model importing cli', 'lib/model/example.ts', "import { main } from '../cli/main';\nexport const m = main;\n"],
    [
      'checks importing layout (up)',
      'lib/checks/example.ts',
      "import { kustomizationYaml } from '../layout/kustomization';\nexport const k = kustomizationYaml;\n",
    ],
    [
      'plan importing a rollout type (sideways)',
      'lib/plan/example.ts',
      "import type { WaveStatus } from '../rollout/status';\nexport type W = WaveStatus;\n",
    ],
    ['bootstrap re-exporting from plan (sideways)', 'lib/bootstrap/example.ts', "export { planFleet } from '../plan/plan-fleet';\n"],
    ['a stage importing lib/index.ts', 'lib/output/example.ts', "import type { Fleet } from '../index';\nexport type F = Fleet;\n"],
  ])('rejects %s', async (_case, filePath, text) => {
    expect(rules(await lint(filePath, text))).toEqual(['import-x/no-restricted-paths']);
  });

  it('lets lib/cli import any stage', async () => {
    expect(
      await lint(
        'lib/cli/example.ts',
        "export { rolloutStatus } from '../rollout/status';\nexport { planFleet } from '../plan/plan-fleet';\n",
      ),
    ).toEqual([]);
  });
});

describe('terminal and argv', () => {
  const text =
    "export const args = process.argv.slice(2);\nexport function say(): void {\n  console.log(args);\n  process.stdout.write('x');\n}\n";

  it('are out of bounds outside lib/cli', async () => {
    expect(rules(await lint('lib/output/example.ts', text)).sort()).toEqual([
      'no-restricted-globals',
      'no-restricted-properties',
      'no-restricted-properties',
    ]);
  });

  it('are allowed in lib/cli, test/ and bench/', async () => {
    for (const filePath of ['lib/cli/example.ts', 'test/cli/example.test.ts', 'bench/example.ts'])
      expect(await lint(filePath, text)).toEqual([]);
  });
});

describe('import cycles', () => {
  /** A temp project to lint in (as cwd): the other files of a cycle must exist on disk. */
  function project(files: Record<string, string>): string {
    const root = tempDir('edgefleet-lint-');
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return root;
  }

  it('rejects a cycle of type-only imports, naming the chain', async () => {
    const root = project({
      'lib/model/site.ts': "import type { App } from './app';\nexport interface Site { readonly apps: readonly App[] }\n",
      'lib/model/hook.ts': "import type { Site } from './site';\nexport type Hook = (site: Site) => void;\n",
    });
    const messages = await lint(
      'lib/model/app.ts',
      "import type { Hook } from './hook';\nexport interface App { readonly hook?: Hook }\n",
      root,
    );
    expect(rules(messages)).toEqual(['edgefleet/no-import-cycle']);
    expect(messages[0].message).toContain('lib/model/app.ts -> lib/model/hook.ts -> lib/model/site.ts -> lib/model/app.ts');
  });

  it('rejects a cycle of value imports', async () => {
    const root = project({ 'lib/render/b.ts': "import { a } from './a';\nexport const b = () => a;\n" });
    expect(rules(await lint('lib/render/a.ts', "import { b } from './b';\nexport const a = () => b;\n", root))).toEqual([
      'edgefleet/no-import-cycle',
    ]);
  });

  it('accepts imports that do not come back', async () => {
    const root = project({ 'lib/render/b.ts': 'export const b = 1;\n' });
    expect(await lint('lib/render/a.ts', "import { b } from './b';\nexport const a = b;\n", root)).toEqual([]);
  });
});
