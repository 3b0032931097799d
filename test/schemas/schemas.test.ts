import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMAS_DIR } from '../support/validate-objects';

/** Rows of SOURCES.md: file, bytes and sha256 of each schema as copied from its upstream repository. */
function sources(): { file: string; bytes: number; sha256: string }[] {
  const rows = readFileSync(join(SCHEMAS_DIR, 'SOURCES.md'), 'utf8')
    .split('\n')
    .filter((line) => /^\| (flux|fleet)\//.test(line));
  return rows.map((line) => {
    const cells = line.split('|').map((c) => c.trim());
    return { file: cells[1], bytes: Number(cells[5]), sha256: cells[7] };
  });
}

describe('CRD schemas copied into test/schemas', () => {
  test('every schema is byte-exact to the upstream copy SOURCES.md names', () => {
    const rows = sources();
    expect(rows.map((r) => r.file).sort()).toEqual(
      ['fleet/bundle_v1alpha1.json', 'fleet/clustergroup_v1alpha1.json', 'fleet/gitrepo_v1alpha1.json', 'flux/gitrepository_v1.json', 'flux/kustomization_v1.json', 'flux/ocirepository_v1.json'],
    );
    for (const row of rows) {
      const bytes = readFileSync(join(SCHEMAS_DIR, row.file));
      expect({ file: row.file, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }).toEqual(row);
    }
  });
});
