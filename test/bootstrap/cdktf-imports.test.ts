import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const LIB = join(__dirname, '..', '..', 'lib');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('CDKTF stays in lib/bootstrap', () => {
  test('no file outside lib/bootstrap imports cdktf or @cdktf/*', () => {
    const importsCdktf = /(from\s+|require\(\s*|import\(\s*)['"](cdktf|@cdktf\/[^'"]+)['"]/;
    const files = sources(LIB);
    expect(
      files.filter((f) => relative(LIB, f).startsWith('bootstrap/') && importsCdktf.test(readFileSync(f, 'utf8'))).length,
    ).toBeGreaterThan(0);
    expect(
      files
        .filter((f) => !relative(LIB, f).startsWith('bootstrap/') && importsCdktf.test(readFileSync(f, 'utf8')))
        .map((f) => relative(LIB, f)),
    ).toEqual([]);
  });
});
