import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { layoutCluster } from '../../lib/layout/cluster-layout';
import { placeSecrets, secretFileName } from '../../lib/layout/secret-files';
import { resolveFleet } from '../../lib/model/resolve';
import type { ResolvedSite } from '../../lib/model/resolved-site';
import { kustomizeObjects } from '../support/kustomize';
import { smallFleet } from '../support/small-fleet';
import { tempDir } from '../support/synth-sites';
import { describeWithTool } from '../support/tools';

const sealed = (name: string) =>
  `apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: ${name}\n  namespace: edge-apps\nspec:\n  encryptedData:\n    token: AgBy3i4O${name}\n`;

/** Secret files that fold into resources.yaml, and ones that must stay files. */
const SECRET_FILES: Record<string, string> = {
  'a.yaml': sealed('a'),
  'b.yml': `# sealed with kubeseal\n${sealed('b')}---\n${sealed('c')}`,
  'no-newline.yaml': sealed('d').trimEnd(),
  'leading.yaml': `---\n${sealed('e')}`,
  'directive.yaml': `%YAML 1.1\n---\n${sealed('f')}`,
  'json.json': JSON.stringify(parse(sealed('g'))),
};

const FOLDED = ['a.yaml', 'b.yml'];

function siteWithSecrets(secretFiles: Record<string, string> = SECRET_FILES): ResolvedSite {
  const site = resolveFleet(smallFleet({ sites: 1 }).fleet).sites[0];
  const [first, ...rest] = site.apps;
  return { ...site, apps: [{ ...first, secretFiles }, ...rest] };
}

describe('placeSecrets', () => {
  const site = siteWithSecrets();
  const app = site.apps[0].name;
  const placed = placeSecrets(site);

  test('folds YAML files that stay the same documents in a stream, byte for byte, in file order', () => {
    expect(placed.folded).toEqual(FOLDED.map((name) => SECRET_FILES[name]));
  });

  test('keeps the others as files beside kustomization.yaml, named by app and file', () => {
    const kept = Object.keys(SECRET_FILES).filter((name) => !FOLDED.includes(name));
    expect([...placed.files.keys()].sort()).toEqual(kept.map((name) => secretFileName(app, name)).sort());
    for (const name of kept) expect(placed.files.get(secretFileName(app, name))).toBe(SECRET_FILES[name]);
  });

  test('counts every document', () => {
    expect(placed.objects).toBe(7);
  });
});

describeWithTool('kubectl', ['version', '--client'])('secret files under real kubectl kustomize', () => {
  // kustomize refuses a directive in any resource file ("did not find expected <document start>"), folded or not.
  const buildable = Object.fromEntries(Object.entries(SECRET_FILES).filter(([name]) => name !== 'directive.yaml'));

  test('the cluster builds every secret object of every file, unchanged', () => {
    const site = siteWithSecrets(buildable);
    const root = tempDir();
    const layout = layoutCluster(site, []);
    for (const [path, text] of layout.files) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const kustomization = parse(layout.files.get(`clusters/${site.cluster}/kustomization.yaml`)!);
    expect(kustomization.resources).not.toContainEqual(expect.stringMatching(/\//));
    const built = kustomizeObjects(join(root, 'clusters', site.cluster)).filter((o) => o.kind === 'SealedSecret');
    const expected = Object.values(buildable).flatMap((text) => parseAllDocuments(text).map((d) => d.toJSON()));
    const byName = (a: { metadata: { name: string } }, b: { metadata: { name: string } }) => a.metadata.name.localeCompare(b.metadata.name);
    expect(built.sort(byName)).toEqual(expected.sort(byName));
  });
});
