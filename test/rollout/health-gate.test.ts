import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { unhealthySeries } from '../../lib/rollout/health-gate';
import { synth } from '../../lib/synth/synth';
import { tempDir } from '../support/synth-sites';
import { describeWithTool } from '../support/tools';
import { waveFleet } from '../support/wave-fleet';
import { freePort } from '../support/free-port';
import { waitFor } from '../support/wait-for';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'edgefleet.js');
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

/** A loopback exporter: `edge_app_errors{cluster=...}` with values the test sets. */
class Exporter {
  public errors: Record<string, number> = {};
  private server?: Server;

  public async start(): Promise<number> {
    this.server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/plain; version=0.0.4');
      res.end(
        Object.entries(this.errors)
          .map(([cluster, n]) => `edge_app_errors{cluster="${cluster}"} ${n}\n`)
          .join(''),
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  public async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** The real CLI, async so the exporter in this process keeps serving scrapes meanwhile. */
function cli(now: string, ...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, EDGEFLEET_NOW: now } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describeWithTool('prometheus')('health gate against a real Prometheus on loopback', () => {
  const exporter = new Exporter();
  let prometheus: ChildProcess | undefined;
  let url = '';
  const query = 'edge_app_errors > 0';

  beforeAll(async () => {
    const exporterPort = await exporter.start();
    const port = await freePort();
    const dir = tempDir('edgefleet-prom-');
    writeFileSync(
      join(dir, 'prometheus.yml'),
      `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: edge\n    honor_labels: true\n    static_configs:\n      - targets: ['127.0.0.1:${exporterPort}']\n`,
    );
    prometheus = spawn(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: 'ignore' },
    );
    url = `http://127.0.0.1:${port}`;
    await waitFor('Prometheus ready', async () => (await fetch(`${url}/-/ready`)).ok);
  }, 40_000);

  afterAll(async () => {
    prometheus?.kill('SIGKILL');
    await exporter.stop();
  });

  /** Waits until Prometheus has scraped the exporter's current values. */
  async function scraped(expected: Record<string, number>): Promise<void> {
    const want = JSON.stringify(Object.entries(expected).sort());
    await waitFor(`the values ${want}`, async () => {
      const body = (await (await fetch(`${url}/api/v1/query?query=edge_app_errors`)).json()) as {
        data: { result: { metric: { cluster: string }; value: [number, string] }[] };
      };
      const got = body.data.result.map((s) => [s.metric.cluster, Number(s.value[1])]).sort();
      return JSON.stringify(got) === want;
    });
  }

  it('returns only the series of the given clusters, and a series without a cluster label too', async () => {
    exporter.errors = { 'shop-1': 3, 'shop-2': 1 };
    await scraped(exporter.errors);
    expect(await unhealthySeries(url, query, new Set(['shop-1']))).toEqual([
      { cluster: 'shop-1', labels: expect.objectContaining({ cluster: 'shop-1' }), value: '3' },
    ]);
    expect(await unhealthySeries(url, query, new Set(['shop-9']))).toEqual([]);
    expect(await unhealthySeries(url, `sum(${query})`, new Set(['shop-9']))).toEqual([{ cluster: undefined, labels: {}, value: '4' }]);
    await expect(unhealthySeries(url, 'rate(', new Set())).rejects.toThrow(/refused the query/);
  });

  it('promote refuses while the wave before returns series (exit 1, refs untouched), and passes once it returns none', async () => {
    const root = tempDir('edgefleet-health-');
    const clone = join(root, 'work');
    git(root, 'init', '--quiet', '--initial-branch=main', clone);
    git(clone, 'config', 'user.email', 'ci@example.com');
    git(clone, 'config', 'user.name', 'CI');
    const at = new Date('2026-05-01T08:00:00Z');
    const v1 = synth(waveFleet({ rollout: { soak: '0', healthQuery: query } }), { outDir: clone, commit: true, now: at }).commitId!;
    const v2 = synth(waveFleet({ webImage: 'ghcr.io/example/web:1.1.0', rollout: { soak: '0', healthQuery: query } }), {
      outDir: clone,
      commit: true,
      now: at,
    }).commitId!;
    const ref = (w: string) => git(clone, 'rev-parse', `refs/heads/edgefleet/${w}`);
    expect((await cli(at.toISOString(), 'promote', '--repo', clone, '--wave', 'canary')).status).toBe(0);

    exporter.errors = { 'shop-1': 2, 'shop-2': 5 };
    await scraped(exporter.errors);
    const refused = await cli(at.toISOString(), 'promote', '--repo', clone, '--wave', 'wave-1', '--prometheus-url', url);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(
      `health: \`${query}\` returned 1 series for 1 of the 1 clusters of wave canary (shop-1=2); it must return none before wave-1 moves`,
    );
    expect(ref('wave-1')).toBe(v1);
    const noUrl = await cli(at.toISOString(), 'promote', '--repo', clone, '--wave', 'wave-1');
    expect(noUrl.status).toBe(1);
    expect(noUrl.stderr).toContain('but no --prometheus-url was given');

    // shop-2 (wave-1) still fails, but only canary's clusters gate wave-1.
    exporter.errors = { 'shop-1': 0, 'shop-2': 5 };
    await scraped(exporter.errors);
    const passed = await cli(at.toISOString(), 'promote', '--repo', clone, '--wave', 'wave-1', '--prometheus-url', url);
    expect(passed.stderr).toBe('');
    expect(passed.status).toBe(0);
    expect(ref('wave-1')).toBe(v2);
    const next = await cli(at.toISOString(), 'promote', '--repo', clone, '--wave', 'wave-2', '--prometheus-url', url);
    expect(next.status).toBe(1);
    expect(next.stderr).toContain('(shop-2=5)');
    expect(ref('wave-2')).toBe(v1);
    expect(spawnSync('git', ['status', '--porcelain'], { cwd: clone, encoding: 'utf8' }).stdout).toBe('');
  }, 60_000);
});
