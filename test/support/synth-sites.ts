import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { STAMPS_PATH } from '../../lib/output/drift';

/** A fresh temp directory. */
export function tempDir(prefix = 'edgefleet-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Every file under a directory with its bytes, by relative path; the stat cache (bookkeeping, like git's index) left out. */
export function readTree(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (relative(root, path) !== STAMPS_PATH) files.set(relative(root, path), readFileSync(path, 'utf8'));
    }
  };
  walk(root);
  return files;
}
