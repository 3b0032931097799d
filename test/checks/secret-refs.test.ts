import { join } from 'node:path';
import { EdgeApp, EdgeSite, formatProblem } from '../../lib';
import { resolveFleet } from '../../lib/model/resolve';
import { synth } from '../../lib/synth/synth';
import { buildTree } from '../../lib/synth/tree-build';
import { kustomizeObjects } from '../support/kustomize';
import { smallFleet } from '../support/small-fleet';
import { SOPS_SECRET } from '../support/secret-files';
import { tempDir } from '../support/synth-sites';
import { checkSecretFiles } from '../../lib/checks/secrets';

const sealed = (name: string, namespace = 'edge-apps') => `apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  encryptedData:
    token: AgBy8hCi8Lw1NnN0
`;

/** One site shop-9 running app "vault-agent" with these props; the tier and the site may add secret files. */
function fleetWith(
  app: Partial<ConstructorParameters<typeof EdgeApp>[2]>,
  tierFiles?: Record<string, string>,
  siteFiles?: Record<string, string>,
) {
  const f = smallFleet({ sites: 1, tier: tierFiles ? { appValues: { 'vault-agent': { secretFiles: tierFiles } } } : {} });
  const vault = new EdgeApp(f.fleet, 'vault-agent', {
    image: 'ghcr.io/example/vault-agent:1.0.0',
    arches: ['arm64', 'amd64'],
    requests: { cpu: '10m', memory: '16Mi' },
    ...app,
  });
  new EdgeSite(f.tier, 'shop-9', {
    nodes: [{ deviceClass: f.pi }],
    apps: [vault],
    ...(siteFiles ? { appValues: { 'vault-agent': { secretFiles: siteFiles } } } : {}),
  });
  return f.fleet;
}

function problemsOf(fleet: ReturnType<typeof fleetWith>): string[] {
  const resolved = resolveFleet(fleet);
  expect(resolved.problems).toEqual([]);
  return resolved.sites.flatMap(checkSecretFiles).map(formatProblem);
}

describe('secrets apps consume', () => {
  it('renders env from a Secret key and a read-only secret volume, from a tier file and a site file', () => {
    const out = tempDir('edgefleet-secret-use-');
    const fleet = fleetWith(
      { secretEnv: { API_TOKEN: { secret: 'api', key: 'token' } }, secretMounts: [{ secret: 'tls', mountPath: '/etc/tls' }] },
      { 'api.yaml': sealed('api') },
      { 'tls.yaml': sealed('tls') },
    );
    synth(fleet, { outDir: out });
    const objects = kustomizeObjects(join(out, 'clusters/shop-9'));
    const pod = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'vault-agent')!.spec.template.spec;
    expect(pod.containers[0].env).toContainEqual({ name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } });
    const volume = pod.volumes.find((v: { secret?: unknown }) => v.secret);
    expect(volume.secret.secretName).toBe('tls');
    expect(pod.containers[0].volumeMounts).toContainEqual(
      expect.objectContaining({ mountPath: '/etc/tls', name: volume.name, readOnly: true }),
    );
    expect(
      objects
        .filter((o) => o.kind === 'SealedSecret')
        .map((o) => o.metadata.name)
        .sort(),
    ).toEqual(['api', 'tls']);
  });

  it('gives each site its own credentials: a site file replaces the tier file of the same name', () => {
    const fleet = fleetWith(
      { secretEnv: { API_TOKEN: { secret: 'api', key: 'token' } } },
      { 'api.yaml': sealed('api') },
      { 'api.yaml': sealed('api').replace('AgBy8hCi8Lw1NnN0', 'AgSiteOwn0000') },
    );
    const tree = buildTree(fleet, undefined).tree.content;
    expect(tree.get('clusters/shop-9/resources.yaml')).toMatch(/AgSiteOwn0000/);
    expect(tree.get('clusters/shop-9/resources.yaml')).not.toMatch(/AgBy8hCi8Lw1NnN0/);
    expect(tree.get('clusters/shop-1/resources.yaml') ?? '').not.toMatch(/kind: SealedSecret/);
  });

  it('rejects an unknown Secret, a missing key, a Secret outside the apps namespace and an unused file, naming site, path and field', () => {
    expect(problemsOf(fleetWith({ secretEnv: { API_TOKEN: { secret: 'nope', key: 'token' } } }, { 'api.yaml': sealed('api') }))).toEqual([
      expect.stringMatching(
        /^site shop-9 \(test\/vault-agent\): secretEnv\.API_TOKEN\.secret: app vault-agent uses Secret nope, which none of its secret files on this site defines \(files: api\.yaml\)/,
      ),
      expect.stringMatching(
        /^site shop-9 \(test\/vault-agent\): secretFiles\.api\.yaml: app vault-agent uses none of the Secrets in api\.yaml \(api\)/,
      ),
    ]);
    expect(problemsOf(fleetWith({ secretEnv: { API_TOKEN: { secret: 'api', key: 'password' } } }, { 'api.yaml': sealed('api') }))).toEqual([
      expect.stringMatching(/secretEnv\.API_TOKEN\.key: Secret api \(api\.yaml\) has no key password \(its keys: token\)/),
    ]);
    expect(
      problemsOf(fleetWith({ secretMounts: [{ secret: 'api', mountPath: '/etc/api' }] }, { 'api.yaml': sealed('api', 'default') })),
    ).toEqual([
      expect.stringMatching(
        /secretFiles\.api\.yaml: Secret api of app vault-agent is in namespace default, not the apps namespace edge-apps/,
      ),
    ]);
    // SOPS keeps metadata and data keys in clear: the name and keys are read from the encrypted file.
    expect(
      problemsOf(
        fleetWith({ secretFiles: { 'creds.sops.yaml': SOPS_SECRET }, secretEnv: { T: { secret: 'pos-credentials', key: 'token' } } }),
      ),
    ).toEqual([]);
  });

  it('rejects a variable set both in env and secretEnv, naming the field', () => {
    const f = smallFleet({ sites: 1, web: { env: { TOKEN: 'x' }, secretEnv: { TOKEN: { secret: 'api', key: 'token' } } } });
    expect(resolveFleet(f.fleet).problems.map(formatProblem)).toContainEqual(
      expect.stringMatching(/^test\/web: secretEnv\.TOKEN: TOKEN is also set in env/),
    );
  });
});
