import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject } from 'cdk8s';
import { classifySecretFile } from '../../lib/checks/secrets';
import { EdgeApp, EdgeSite, FleetValidationError } from '../../lib';
import { synth } from '../../lib/synth/synth';
import { kustomizeObjects } from '../support/kustomize';
import { smallFleet } from '../support/small-fleet';
import { SOPS_SECRET } from '../support/secret-files';
import { tempDir } from '../support/synth-sites';

const SEALED = `apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  name: pos-credentials
  namespace: edge-apps
spec:
  encryptedData:
    token: AgBy8hCi8Lw1NnN0
`;

const PLAIN = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: pos-credentials\nstringData:\n  token: hunter2\n';

/** Reads the token of the Secret every fixture here defines. */
const USES_TOKEN = { secretEnv: { TOKEN: { secret: 'pos-credentials', key: 'token' } } };

function withApp(props: Partial<ConstructorParameters<typeof EdgeApp>[2]>) {
  const f = smallFleet({ sites: 1 });
  const vault = new EdgeApp(f.fleet, 'vault-agent', {
    image: 'ghcr.io/example/vault-agent:1.0.0',
    arches: ['arm64', 'amd64'],
    requests: { cpu: '10m', memory: '16Mi' },
    ...USES_TOKEN,
    ...props,
  });
  new EdgeSite(f.tier, 'shop-9', { nodes: [{ deviceClass: f.pi }], apps: [vault] });
  return f.fleet;
}

describe('secret files', () => {
  it('classifies SOPS files, SealedSecrets and refuses anything else', () => {
    expect(classifySecretFile(SOPS_SECRET)).toEqual({ kind: 'sops' });
    expect(classifySecretFile(SEALED)).toEqual({ kind: 'sealed-secret' });
    expect(classifySecretFile(PLAIN)).toEqual({ error: expect.stringMatching(/has no SOPS metadata/) });
    const half = SOPS_SECRET.replace('ENC[AES256_GCM,data:Wm9vYmFy,iv:aXY=,tag:dGFn,type:str]', 'cGxhaW4=');
    expect(classifySecretFile(half)).toEqual({ error: 'carries SOPS metadata but data.token is not encrypted (not ENC[...])' });
  });

  it('passes a SOPS file through byte for byte, builds, and makes Flux decrypt', () => {
    const out = tempDir('edgefleet-sops-');
    synth(withApp({ secretFiles: { 'credentials.sops.yaml': SOPS_SECRET } }), { outDir: out });
    // Folded into resources.yaml as a document of its own: kustomize-controller decrypts each object after the build.
    expect(readFileSync(join(out, 'clusters/shop-9/resources.yaml'), 'utf8')).toContain(`---\n${SOPS_SECRET}`);
    const objects = kustomizeObjects(join(out, 'clusters/shop-9'));
    expect(objects.find((o) => o.kind === 'Secret')?.sops?.mac).toMatch(/^ENC\[/);
    const kustomization = objects.find((o) => o.kind === 'Kustomization');
    expect(kustomization?.spec.decryption).toEqual({ provider: 'sops', secretRef: { name: 'sops-age' } });
    // Sites without SOPS files decrypt too: the first SOPS file must not arrive together with the decryption block.
    const other = kustomizeObjects(join(out, 'clusters/shop-1/flux-system')).find((o) => o.kind === 'Kustomization');
    expect(other?.spec.decryption).toEqual(kustomization?.spec.decryption);
  });

  it('refuses a non-SOPS "encrypted" file naming site, app and file, and writes nothing', () => {
    const out = tempDir('edgefleet-plainfile-');
    let error: unknown;
    try {
      synth(withApp({ secretFiles: { 'credentials.enc.yaml': PLAIN } }), { outDir: out });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FleetValidationError);
    expect((error as Error).message).toMatch(
      /site shop-9 \(test\/vault-agent\): secretFiles\.credentials\.enc\.yaml: app vault-agent: credentials\.enc\.yaml has no SOPS metadata/,
    );
    expect(readdirSync(out)).toEqual([]);
  });

  it('refuses a plaintext Secret from a render hook, naming site and app, and writes nothing', () => {
    const out = tempDir('edgefleet-plain-');
    const fleet = withApp({
      renderHook: (scope) => {
        new ApiObject(scope, 'creds', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds' }, stringData: { token: 'hunter2' } });
      },
    });
    expect(() => synth(fleet, { outDir: out })).toThrow(
      /site shop-9 \(test\/eu\/shop-9 > hook-vault-agent\): Secret\/creds\.kind: the render hook of app vault-agent renders a plaintext Secret/,
    );
    expect(readdirSync(out)).toEqual([]);
  });

  it('accepts SealedSecrets on Fleet and refuses SOPS there (Fleet cannot decrypt)', () => {
    const out = tempDir('edgefleet-sealed-');
    synth(withApp({ secretFiles: { 'credentials.yaml': SEALED } }), { outDir: out, engine: 'fleet' });
    expect(kustomizeObjects(join(out, 'clusters/shop-9')).some((o) => o.kind === 'SealedSecret')).toBe(true);
    expect(() => synth(withApp({ secretFiles: { 'c.yaml': SOPS_SECRET } }), { outDir: tempDir('edgefleet-x-'), engine: 'fleet' })).toThrow(
      /app vault-agent: c\.yaml is SOPS-encrypted, but Rancher Fleet cannot decrypt SOPS/,
    );
  });
});
