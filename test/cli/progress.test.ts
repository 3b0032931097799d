import { spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { terminalProgress } from '../../lib/cli/progress';
import { tempDir } from '../support/synth-sites';
import { describeWithTool } from '../support/tools';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'edgefleet.js');

/** A stream that claims to be a terminal, collecting what is written. */
function fakeTerminal(isTTY: boolean): { stream: PassThrough & { isTTY: boolean; columns: number }; written: () => string } {
  const stream = Object.assign(new PassThrough(), { isTTY, columns: 100 });
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { stream, written: () => chunks.join('') };
}

describe('terminalProgress', () => {
  test('on a terminal it draws clusters rendered / total, then clears the line', async () => {
    const { stream, written } = fakeTerminal(true);
    const progress = terminalProgress(stream, 'synth');
    progress.onProgress!(0, 40);
    progress.onProgress!(40, 40);
    progress.stop();
    await new Promise(setImmediate);
    expect(written()).toContain('synth [');
    expect(written()).toContain('0/40 clusters rendered');
    // Cleared when done: the output ends by erasing the line (ESC [ 2K).
    // eslint-disable-next-line no-control-regex -- the escape sequence is what is asserted
    expect(written()).toMatch(/\u001b\[2K$/);
  });

  test('nothing on a stream that is not a terminal, and nothing with quiet', () => {
    for (const [isTTY, quiet] of [
      [false, false],
      [true, true],
    ] as const) {
      const { stream, written } = fakeTerminal(isTTY);
      const progress = terminalProgress(stream, 'synth', quiet);
      expect(progress.onProgress).toBeUndefined();
      progress.stop();
      expect(written()).toBe('');
    }
  });
});

describeWithTool('script', ['--version'])('progress of the real CLI', () => {
  /** Runs the CLI with stdout on a pseudo-terminal (util-linux script), bounded by a timeout. */
  const onTerminal = (args: string[]) =>
    spawnSync('script', ['-qec', [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' '), '/dev/null'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });

  test('synth and plan show progress on a terminal, not on a pipe nor with --quiet', () => {
    const out = join(tempDir(), 'out');
    const synth = onTerminal(['synth', '--out', out]);
    expect(synth.status).toBe(0);
    expect(synth.stdout).toMatch(/synth \[[=-]*\] \d+\/30 clusters rendered/);
    expect(synth.stdout).toMatch(/synth: 30 clusters/);
    const plan = onTerminal(['plan', '--against', out]);
    expect(plan.status).toBe(0);
    expect(plan.stdout).toMatch(/plan \[[=-]*\] \d+\/30 clusters rendered/);
    expect(onTerminal(['synth', '--force', '--quiet', '--out', out]).stdout).not.toContain('clusters rendered');
    const piped = spawnSync(process.execPath, [BIN, 'plan', '--against', out], { cwd: ROOT, encoding: 'utf8' });
    expect(piped.status).toBe(0);
    expect(piped.stdout).not.toContain('clusters rendered');
    expect(piped.stderr).toBe('');
  });
});
