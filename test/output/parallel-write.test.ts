import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { stampOf } from '../../lib/output/fs-ops';
import { FileToWrite, MIN_FILES_FOR_THREADS, writeNewFiles, WrittenFiles } from '../../lib/output/parallel-write';
import { tempDir } from '../support/synth-sites';

/** A tree of `clusters` cluster directories, each with a nested directory and two files. */
function tree(outDir: string, clusters: number): { dirs: string[]; files: FileToWrite[] } {
  const dirs = ['clusters'];
  const files: FileToWrite[] = [];
  for (let c = 0; c < clusters; c++) {
    dirs.push(`clusters/c${c}`, `clusters/c${c}/config`);
    for (const path of [`clusters/c${c}/kustomization.yaml`, `clusters/c${c}/config/app.yaml`])
      files.push([path, join(outDir, path), `${path}\n`, false]);
  }
  return { dirs, files };
}

const none = (): WrittenFiles => ({ stamps: new Map(), files: [] });

test.each([1, 2, 3])('on %i thread(s), every directory is made and every file written, with its stamp', (threads) => {
  const out = tempDir();
  const { dirs, files } = tree(out, MIN_FILES_FOR_THREADS);
  const written = none();
  writeNewFiles(out, dirs, files, threads, written);
  expect(written.files.sort()).toEqual(files.map(([, file]) => file).sort());
  for (const [path, file, text] of files) {
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(written.stamps.get(path)).toBe(stampOf(statSync(file)));
  }
});

test('a failure on a worker thread is thrown once every thread has stopped, and what was written is listed', () => {
  const out = tempDir();
  const { dirs, files } = tree(out, MIN_FILES_FOR_THREADS);
  // A file where a directory of some cluster's share is to be made: that thread fails at mkdir.
  mkdirSync(join(out, 'clusters'));
  const clash = dirs.indexOf('clusters/c1');
  mkdirSync(join(out, dirs[clash]));
  const written = none();
  expect(() => writeNewFiles(out, dirs.slice(1), files, 2, written)).toThrow(/EEXIST/);
  // Whatever the threads wrote before stopping is listed, and nothing else is on disk.
  for (const [, file] of files) expect(existsSync(file)).toBe(written.files.includes(file));
});
