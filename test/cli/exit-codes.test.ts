import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { EXIT } from '../../lib/cli/exit-codes';
import { LOCK_PATH } from '../../lib/output/output-lock';
import { MANIFEST_PATH } from '../../lib/output/manifest';
import { STAMPS_PATH } from '../../lib/output/drift';
import { writeFleetFile } from '../support/fleet-file';
import { freePort } from '../support/free-port';
import { repoWithClone } from '../support/git-repo';
import { tempDir } from '../support/synth-sites';

/*
 * Each kind of error (lib/util/errors.ts), and the errors of no kind (Node
 * I/O errors, bugs), reaches its one exit code (lib/cli/exit-codes.ts)
 * through the real CLI entry, bin/edgefleet.js.
 */

const BIN = join(__dirname, '..', '..', 'bin', 'edgefleet.js');

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
}

/** Two sites in two waves; the web image comes from $WEB_IMAGE, so that a second synth makes a new commit. */
const WAVES = `const web = new EdgeApp(fleet, 'web', { image: process.env.WEB_IMAGE ?? 'ghcr.io/x/web:1.0.0', arches: ['arm64'], requests: { cpu: '10m', memory: '16Mi' } });
new EdgeSite(fleet, 'shop-1', { nodes: [{ deviceClass: pi }], apps: [web], wave: 'canary' });
new EdgeSite(fleet, 'shop-2', { nodes: [{ deviceClass: pi }], apps: [web], wave: 'wave-1' });`;

describe('exit codes through the real CLI: one per kind of error', () => {
  let fleet: string;
  beforeAll(() => {
    fleet = writeFleetFile(tempDir(), 'fleet.ts', WAVES);
  });

  test('InvalidInputError (an invalid fleet) exits 1 and says nothing was written', () => {
    const bad = writeFleetFile(tempDir(), 'bad.ts', "new DeviceClass(fleet, 'zero', { arch: 'arm64', cpu: '4', memory: '0Gi' });");
    const out = join(tempDir(), 'out');
    const result = run(['synth', '--app', bad, '--out', out]);
    expect(result.stderr).toMatch(/memory: "0Gi" must be greater than zero[\s\S]*\nNothing was written\.\n$/);
    expect(result.status).toBe(EXIT.failed);
    expect(existsSync(out)).toBe(false);
  });

  test('RefusedError (promote out of order) exits 1', () => {
    const tree = repoWithClone().clone;
    expect(run(['synth', '--app', fleet, '--out', tree, '--commit']).status).toBe(EXIT.ok);
    expect(run(['synth', '--app', fleet, '--out', tree, '--commit'], { WEB_IMAGE: 'ghcr.io/x/web:1.1.0' }).status).toBe(EXIT.ok);
    const result = run(['promote', '--repo', tree, '--wave', 'wave-1']);
    expect(result.stderr).toContain('refusing to promote wave wave-1; no ref was moved');
    expect(result.status).toBe(EXIT.failed);
  });

  test.each([
    ['commander: an unknown flag', ['synth', '--no-such-flag'], {}, /unknown option '--no-such-flag'/],
    [
      'UsageError: bootstrap with a missing --app',
      ['bootstrap', '--app', '/no/such/fleet.ts', '--out', '/tmp/unused'],
      {},
      /--app \/no\/such\/fleet\.ts: no such file\nUsage: see `edgefleet bootstrap --help`/,
    ],
    [
      'UsageError: promote with a bad EDGEFLEET_NOW',
      ['promote', '--repo', '/tmp', '--wave', 'canary'],
      { EDGEFLEET_NOW: 'soon' },
      /EDGEFLEET_NOW=soon is not an ISO time[\s\S]*Usage: see `edgefleet promote --help`/,
    ],
    [
      'UsageError: a bad --registry',
      ['publish', '--registry', 'Not A Registry'],
      {},
      /--registry Not A Registry is not host\[:port\]\/path, e\.g\. [^\n]*\nUsage: see `edgefleet publish --help`/,
    ],
  ])('%s exits 2 with its message', (_what, args, env, stderr) => {
    const result = run(args, env);
    expect(result.stderr).toMatch(stderr);
    expect(result.status).toBe(EXIT.usage);
  });

  test('LockedError (another run holds --out) exits 2 naming the holder', () => {
    const out = tempDir();
    mkdirSync(join(out, '.edgefleet'));
    writeFileSync(join(out, LOCK_PATH), JSON.stringify({ pid: process.pid, host: hostname(), since: '2026-01-01T00:00:00.000Z' }));
    const result = run(['synth', '--app', fleet, '--out', out]);
    expect(result.stderr).toContain(`another edgefleet run (pid ${process.pid} on ${hostname()}, since 2026-01-01T00:00:00.000Z)`);
    expect(result.status).toBe(EXIT.usage);
  });

  test('WriteError after the tree is written (its stat cache cannot be saved) exits 1 and never says nothing was written', () => {
    const out = tempDir();
    // A directory where the stat cache goes: renaming the cache onto it fails with EISDIR.
    mkdirSync(join(out, STAMPS_PATH, 'in-the-way'), { recursive: true });
    const result = run(['synth', '--app', fleet, '--out', out]);
    expect(result.stderr).toMatch(/saving its stat cache failed: EISDIR[\s\S]*The tree is written; only its stat cache was not saved/);
    expect(result.stderr).not.toMatch(/Nothing was written/);
    expect(result.status).toBe(EXIT.failed);
    expect(existsSync(join(out, MANIFEST_PATH))).toBe(true);
  });

  test('ServiceError (a registry nothing listens on) exits 3', async () => {
    const out = join(tempDir(), 'out');
    expect(run(['synth', '--app', fleet, '--out', out]).status).toBe(EXIT.ok);
    const registry = `127.0.0.1:${await freePort()}/edgefleet`;
    const result = run(['promote', '--repo', out, '--wave', 'canary', '--registry', registry, '--plain-http']);
    expect(result.stderr).toMatch(new RegExp(`^edgefleet: [A-Z]+ http://${registry.split('/')[0]}/v2/.*ECONNREFUSED`));
    expect(result.status).toBe(EXIT.service);
  });

  test('a Node I/O error (--out below a file) exits 1 with its first line', () => {
    const file = join(tempDir(), 'file');
    writeFileSync(file, '');
    const result = run(['synth', '--app', fleet, '--out', join(file, 'out')]);
    expect(result.stderr).toMatch(/^edgefleet: ENOTDIR: not a directory, mkdir '.*file\/out\/\.edgefleet'\n$/);
    expect(result.status).toBe(EXIT.failed);
  });

  test('a bug (an error of no kind) exits 4 with its stack', () => {
    // The fleet breaks edgefleet's own walk over its constructs, after it was loaded: what a bug in lib/ looks like to the CLI.
    const buggy = writeFleetFile(tempDir(), 'buggy.ts', "fleet.node.findAll = () => { throw new TypeError('simulated bug'); };");
    const result = run(['synth', '--app', buggy, '--out', join(tempDir(), 'out')]);
    expect(result.stderr).toMatch(
      /^edgefleet: internal error \(a bug in edgefleet; please report it with this output\):\nTypeError: simulated bug\n\s+at /,
    );
    expect(result.status).toBe(EXIT.internal);
  });
});
