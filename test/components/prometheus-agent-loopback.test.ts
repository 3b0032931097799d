import { ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { prometheusConfig } from '../../lib/components/prometheus-config';
import { resolveFleet } from '../../lib/model/resolve';
import { prometheusConfigProps } from '../../lib/render/metrics-units';
import { toYaml } from '../../lib/util/yaml';
import { fleet } from '../../sites/fleet';
import { tempDir } from '../support/synth-sites';
import { describeWithTool } from '../support/tools';
import { freePort } from '../support/free-port';
import { waitFor } from '../support/wait-for';

const { uncompress } = require('snappyjs') as { uncompress(data: Buffer): Buffer };

/*
 * The real Prometheus binary (Debian 2.42, agent mode) with the generated
 * global and remote_write sections, writing to a receiver on loopback that
 * goes away until Prometheus has failed to send to it, and comes back.
 */

/** Reads a protobuf varint at `pos`; returns [value, next position]. */
function varint(buf: Buffer, pos: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (;;) {
    const byte = buf[pos++];
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return [value, pos];
    scale *= 128;
  }
}

/** Fields of one protobuf message: [field number, payload] for length-delimited fields, [field, varint] otherwise. */
function fields(buf: Buffer): [number, Buffer | number][] {
  const out: [number, Buffer | number][] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [key, afterKey] = varint(buf, pos);
    const [field, wire] = [Math.floor(key / 8), key % 8];
    if (wire === 2) {
      const [len, start] = varint(buf, afterKey);
      out.push([field, buf.subarray(start, start + len)]);
      pos = start + len;
    } else if (wire === 0) {
      const [v, next] = varint(buf, afterKey);
      out.push([field, v]);
      pos = next;
    } else if (wire === 1) {
      out.push([field, buf.subarray(afterKey, afterKey + 8)]);
      pos = afterKey + 8;
    } else {
      throw new Error(`unexpected wire type ${wire}`);
    }
  }
  return out;
}

/** Sample timestamps (ms) of a remote-write WriteRequest: timeseries = 1, samples = 2, timestamp = 2. */
function sampleTimestamps(request: Buffer): number[] {
  const stamps: number[] = [];
  for (const [f, series] of fields(request)) {
    if (f !== 1 || typeof series === 'number') continue;
    for (const [g, sample] of fields(series)) {
      if (g !== 2 || typeof sample === 'number') continue;
      for (const [h, v] of fields(sample)) if (h === 2 && typeof v === 'number') stamps.push(v);
    }
  }
  return stamps;
}

class Receiver {
  public readonly stamps: number[] = [];
  public requests = 0;
  private server?: Server;

  public async start(port = 0): Promise<number> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.requests++;
        this.stamps.push(...sampleTimestamps(uncompress(Buffer.concat(chunks))));
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  public async stop(): Promise<void> {
    const server = this.server!;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Timestamp (ms, truncated to the second) of the newest sample Prometheus appended for remote write, from its own /metrics. */
async function newestAppended(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const match = /^prometheus_remote_storage_highest_timestamp_in_seconds(?:\{[^}]*\})? (\S+)$/m.exec(text);
  return match ? Number(match[1]) * 1000 : 0;
}

describeWithTool('prometheus')('Prometheus agent on loopback with the generated remote_write', () => {
  const receiver = new Receiver();
  let prometheus: ChildProcess | undefined;
  let log = '';

  afterAll(async () => {
    prometheus?.kill('SIGKILL');
    await receiver.stop().catch(() => undefined);
  });

  it('delivers samples, and after the receiver comes back, the samples scraped while it was away', async () => {
    const receiverPort = await receiver.start();
    const promPort = await freePort();
    const site = resolveFleet(fleet).sites.find((s) => s.settings.connectivity === 'intermittent')!;
    const testSite = {
      ...site,
      settings: {
        ...site.settings,
        hub: { ...site.settings.hub, metricsUrl: `http://127.0.0.1:${receiverPort}/api/v1/write` },
        metrics: { ...site.settings.metrics, scrapeInterval: '1s' },
      },
    };
    const generated = prometheusConfig(prometheusConfigProps(testSite));
    // Kubernetes discovery has no cluster here: scrape Prometheus itself instead; global and remote_write stay as generated.
    const config = {
      ...generated,
      scrape_configs: [{ job_name: 'prometheus-agent', static_configs: [{ targets: [`127.0.0.1:${promPort}`] }] }],
    };
    const dir = tempDir('edgefleet-prom-');
    writeFileSync(join(dir, 'prometheus.yml'), toYaml(config));

    // 2.42 starts agent mode with the feature flag (3.x: --agent).
    prometheus = spawn('prometheus', [
      '--enable-feature=agent',
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.agent.path=${join(dir, 'wal')}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
    ]);
    prometheus.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    const exited = () => prometheus!.exitCode !== null;

    await waitFor('the first samples', () => receiver.stamps.length > 0 || exited(), 20000);
    expect(exited() ? log : 'running').toBe('running');
    expect(log).toContain('agent');

    await receiver.stop();
    const outageStart = Date.now();
    const logBefore = log.length;
    // The outage lasts until Prometheus has failed to send and has scraped a sample since it began (its own
    // remote-storage gauge of the newest sample appended, in whole seconds); no fixed wait.
    await waitFor(
      'a failed send and a sample scraped during the outage',
      async () => exited() || (/Failed to send batch/.test(log.slice(logBefore)) && (await newestAppended(promPort)) > outageStart),
      20000,
    );
    const outageEnd = Date.now();
    const before = receiver.stamps.length;
    await receiver.start(receiverPort);

    // Scraped after the receiver stopped and before it came back: these can only arrive by Prometheus's retries.
    const fromOutage = () => receiver.stamps.filter((t) => t > outageStart && t < outageEnd).length;
    await waitFor('samples scraped during the outage', () => fromOutage() > 0 || exited(), 25000);
    expect(exited()).toBe(false);
    expect(receiver.stamps.length).toBeGreaterThan(before);
    expect(fromOutage()).toBeGreaterThan(0);
  }, 60000);
});
