import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { FleetValidationError, synth } from '../../lib';
import { parseCpuMillis, parseMemoryMiB } from '../../lib/model/quantity';
import { kustomizeObjects } from '../support/kustomize';
import { smallFleet, SmallFleetOptions } from '../support/small-fleet';
import { readTree, tempDir } from '../support/synth-sites';
import { describeWithTool } from '../support/tools';

/*
 * Generated mutations of the small fleet: each run changes one to three
 * fields to values a user might type (or mistype). Every mutation must
 * either synthesize a tree that parses, that `kubectl kustomize` builds and
 * that breaks none of the API server's rules checked below, or be refused
 * with a FleetValidationError whose problems all name path and field with a
 * hint. Never another error, never a hang. MUT_RUNS and MUT_SEED run more
 * or other mutations when hunting for bugs.
 */

const DNS_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

const weirdInt = fc.oneof(
  fc.integer({ min: -5, max: 70_000 }),
  fc.constantFrom(0, -1, 1.5, 2 ** 31, 2 ** 32, 1e9, Number.MAX_SAFE_INTEGER, Number.NaN, Number.POSITIVE_INFINITY),
);
const word = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/),
  fc.constantFrom(
    '',
    'web',
    'worker',
    'default',
    'kube-system',
    'edge-system',
    'edge-apps',
    'flux-system',
    'cattle-fleet',
    '2web',
    'Web',
    'a--b',
    'x'.repeat(70),
  ),
);
const cidr = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 40 })).map(([o, m]) => `10.${o}.0.0/${m}`),
  fc.constantFrom('10.0.0.0/8', '0.0.0.0/0', '192.168.1.1/32', '10.0.0.0', 'lan', '::1/128'),
);
const cidrs = fc.oneof(
  fc.array(cidr, { maxLength: 4 }),
  fc.integer({ min: 0, max: 10_000 }).map((n) => Array.from({ length: n }, (_, i) => `10.${(i >> 8) & 255}.${i & 255}.0/24`)),
);
const cpu = fc.oneof(fc.constantFrom('0', '1m', '50m', '100m', '2', '4', '1000000', 'four', '-1', '0.5'), fc.string({ maxLength: 6 }));
const memory = fc.oneof(
  fc.constantFrom('0Gi', '1Mi', '32Mi', '64Mi', '4Gi', '8Gi', '1e3', '9'.repeat(30), '-5Mi'),
  fc.string({ maxLength: 6 }),
);
const resources = fc.record({ cpu, memory });
const duration = fc.constantFrom('0s', '1ms', '500ms', '1s', '15s', '60s', '1h30m', '99999y', 'often', '');
const path = fc.constantFrom('/tmp', '/tmp/', '/etc/web', 'tmp', '/a/../b', '/var/cache', '/');
const port = fc.record({ name: word, port: weirdInt }, { requiredKeys: ['name', 'port'] });

/** One mutation: a piece of SmallFleetOptions. */
const mutation: fc.Arbitrary<SmallFleetOptions> = fc.oneof(
  fc.record({ fleetId: word }),
  fc.record({ webId: word }),
  fc.record({
    fleet: fc.record({
      gitops: fc.record({
        repoUrl: fc.constantFrom('https://git.example.com/f.git', 'ssh://git@h/f.git', 'git@h:f.git', 'ftp://h/f', ''),
        branch: word,
        pathPrefix: fc.constantFrom('', 'out', './out', 'out/', '../x', 'a/b'),
      }),
    }),
  }),
  fc.record({ fleet: fc.record({ apiServerCidrs: cidrs, namespaces: fc.record({ platform: word, apps: word }, { requiredKeys: [] }) }) }),
  fc.record({
    fleet: fc.record(
      {
        metrics: fc.record({ scrapeInterval: duration, retention: duration }, { requiredKeys: [] }),
        waves: fc.array(word, { maxLength: 4 }),
      },
      { requiredKeys: [] },
    ),
  }),
  fc.record({ fleet: fc.record({ labels: fc.dictionary(word, word, { maxKeys: 3 }) }) }),
  fc.record({ site: fc.record({ lanCidrs: cidrs, wave: word, clusterName: word }, { requiredKeys: [] }) }),
  fc.record({ site: fc.record({ systemReserve: fc.record({ server: resources, agent: resources }, { requiredKeys: [] }) }) }),
  fc.record({
    site: fc.constant((p: Parameters<Extract<SmallFleetOptions['site'], (...args: never[]) => unknown>>[0]) => ({
      nodes: [{ deviceClass: p.pi, count: 2 ** 31 }],
    })),
  }),
  fc.record({
    pi: fc.record({ cpu, memory, gpu: fc.record({ vendor: fc.constantFrom('nvidia', 'amd'), count: weirdInt }) }, { requiredKeys: [] }),
  }),
  fc.record({
    pi: fc.record({
      taints: fc.array(fc.record({ key: word, effect: fc.constantFrom('NoSchedule', 'NoExecute', 'PreferNoSchedule') }), { maxLength: 2 }),
    }),
  }),
  fc.record({ web: fc.record({ requests: resources, limits: resources, replicas: weirdInt, runAsUser: weirdInt }, { requiredKeys: [] }) }),
  fc.record({
    web: fc.record(
      { ports: fc.array(port, { maxLength: 3 }), lanIngress: fc.array(fc.record({ port: weirdInt }), { maxLength: 2 }) },
      { requiredKeys: [] },
    ),
  }),
  fc.record({
    web: fc.record(
      {
        writablePaths: fc.array(path, { maxLength: 3 }),
        configMountPath: path,
        configFiles: fc.dictionary(word, fc.string({ maxLength: 8 }), { maxKeys: 2 }),
      },
      { requiredKeys: [] },
    ),
  }),
  fc.record({
    web: fc.record({
      sidecars: fc.array(
        fc.record({ name: word, image: fc.constant('ghcr.io/x/side:1.0'), requests: resources, ports: fc.array(port, { maxLength: 2 }) }),
        { maxLength: 2 },
      ),
    }),
  }),
  fc.record({
    web: fc.record(
      {
        gpu: fc.record({ vendor: fc.constantFrom('nvidia', 'intel'), count: weirdInt }),
        image: fc.constantFrom('ghcr.io/x/web:latest', 'ghcr.io/x/web', 'ghcr.io/x/web:1.0', 'a b'),
      },
      { requiredKeys: [] },
    ),
  }),
);

/** Merges the mutations' options (later ones win, nested objects key by key). */
function merged(mutations: readonly SmallFleetOptions[]): SmallFleetOptions {
  const merge = (a: unknown, b: unknown): unknown =>
    a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)
      ? Object.fromEntries(
          [...new Set([...Object.keys(a), ...Object.keys(b)])].map((k) => [
            k,
            k in b ? merge((a as never)[k], (b as never)[k]) : (a as never)[k],
          ]),
        )
      : b;
  return mutations.reduce<SmallFleetOptions>((acc, m) => merge(acc, m) as SmallFleetOptions, {});
}

type Obj = Record<string, any>;

/** Rules of the API server's validation that the tree must keep (apimachinery validation of names, ports, mounts, resources). */
function apiServerRejects(object: Obj): string[] {
  const wrong: string[] = [];
  const id = `${object.kind}/${object.metadata?.name}`;
  if (object.kind === 'Service' && !DNS_1035.test(object.metadata.name)) wrong.push(`${id}: Service name not DNS-1035`);
  const pod: Obj | undefined = object.spec?.template?.spec;
  if (!pod) return wrong;
  const containers: Obj[] = pod.containers ?? [];
  const unique = (what: string, values: string[]) => {
    if (new Set(values).size !== values.length) wrong.push(`${id}: duplicate ${what}: ${values.join(', ')}`);
  };
  unique(
    'container names',
    containers.map((c) => c.name),
  );
  if ((pod.securityContext?.runAsUser ?? 0) > 2 ** 31 - 1) wrong.push(`${id}: runAsUser above int32`);
  for (const c of containers) {
    unique(
      'port names',
      (c.ports ?? []).filter((p: Obj) => p.name).map((p: Obj) => p.name),
    );
    unique(
      'mount paths',
      (c.volumeMounts ?? []).map((m: Obj) => m.mountPath),
    );
    for (const p of c.ports ?? []) if (!(p.containerPort >= 1 && p.containerPort <= 65535)) wrong.push(`${id}: port ${p.containerPort}`);
    const { requests = {}, limits = {} } = c.resources ?? {};
    if (limits.cpu !== undefined && parseCpuMillis(String(limits.cpu))! < parseCpuMillis(String(requests.cpu ?? '0'))!)
      wrong.push(`${id}: cpu limit below request`);
    if (limits.memory !== undefined && parseMemoryMiB(String(limits.memory))! < parseMemoryMiB(String(requests.memory ?? '0'))!)
      wrong.push(`${id}: memory limit below request`);
    if ((c.securityContext?.runAsUser ?? 0) > 2 ** 31 - 1) wrong.push(`${id}: runAsUser above int32`);
  }
  return wrong;
}

describeWithTool('kubectl', ['version', '--client'])('generated mutations of the small fleet', () => {
  test('each one synthesizes a tree that builds and passes API validation, or is refused with problems naming path and field', () => {
    let refused = 0;
    let built = 0;
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        const out = tempDir();
        const started = Date.now();
        let error: unknown;
        try {
          synth(smallFleet(merged(mutations)).fleet, { outDir: out });
        } catch (e) {
          error = e;
        }
        expect(Date.now() - started).toBeLessThan(10_000);
        if (error !== undefined) {
          if (!(error instanceof FleetValidationError)) throw error;
          refused++;
          expect(readdirSync(out)).toEqual([]);
          for (const p of error.problems) {
            expect(p.path).not.toBe('');
            expect(p.field).not.toBe('');
            expect(p.hint).toMatch(/\w{3}/);
            expect(p.message).not.toMatch(/\n\s+at /);
          }
          return;
        }
        built++;
        for (const [file, text] of readTree(out)) {
          if (file.endsWith('.yaml')) expect(parseAllDocuments(text).flatMap((d) => d.errors)).toEqual([]);
          if (file.endsWith('.json')) expect(() => JSON.parse(text)).not.toThrow();
        }
        for (const cluster of readdirSync(join(out, 'clusters'))) {
          expect(kustomizeObjects(join(out, 'clusters', cluster)).flatMap(apiServerRejects)).toEqual([]);
        }
      }),
      { numRuns: Number(process.env.MUT_RUNS ?? 150), seed: Number(process.env.MUT_SEED ?? 20261201) },
    );
    // A generator that only ever refuses (or only builds) would test little.
    expect(refused).toBeGreaterThan(20);
    expect(built).toBeGreaterThan(5);
  });
});
