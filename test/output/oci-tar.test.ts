import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { deterministicGzip, deterministicTar } from '../../lib/output/oci-tar';
import { tempDir } from '../support/synth-sites';

const files = new Map([
  ['kustomization.yaml', Buffer.from('resources: []\n')],
  ['bases/web/0123/resources.yaml', Buffer.from('kind: X\n')],
  [`deep/${'d'.repeat(120)}/file.yaml`, Buffer.from('long path\n')],
]);

describe('deterministicTar', () => {
  it('gives the same bytes whatever the order the files come in', () => {
    const reversed = new Map([...files].reverse());
    expect(deterministicGzip(deterministicTar(reversed)).equals(deterministicGzip(deterministicTar(files)))).toBe(true);
  });

  it('is read by GNU tar: the files, directories first, root-owned, mtime 0', () => {
    const dir = tempDir();
    const archive = join(dir, 'a.tar.gz');
    writeFileSync(archive, deterministicGzip(deterministicTar(files)));
    const listing = execFileSync('tar', ['-tvzf', archive, '--numeric-owner', '--full-time'], { encoding: 'utf8' }).trim().split('\n');
    expect(listing[0]).toMatch(/^drwxr-xr-x 0\/0\s+0 1970-01-01 00:00:00 bases\/$/);
    expect(listing.filter((l) => l.startsWith('-rw-r--r-- 0/0'))).toHaveLength(3);
    execFileSync('tar', ['-xzf', archive, '-C', dir]);
    for (const [path, content] of files) expect(readFileSync(join(dir, path)).equals(content)).toBe(true);
  });
});

describe('deterministicGzip', () => {
  it('writes no mtime and OS "unknown", and round-trips', () => {
    const gz = deterministicGzip(Buffer.from('abc'));
    expect([...gz.subarray(4, 10)]).toEqual([0, 0, 0, 0, 2, 255]);
    expect(gunzipSync(gz).toString()).toBe('abc');
  });
});
