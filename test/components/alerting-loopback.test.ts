import { ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, get, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { alertEvaluatorConfig } from '../../lib/components/alert-evaluator-config';
import { nodeRules, ruleFile } from '../../lib/components/alert-rules';
import { alertmanagerConfig } from '../../lib/components/alertmanager-config';
import { resolveFleet } from '../../lib/model/resolve';
import { alertEvaluatorConfigProps } from '../../lib/render/alerting-units';
import { toYaml } from '../../lib/util/yaml';
import { fleet } from '../../sites/fleet';
import { tempDir } from '../support/synth-sites';
import { describeWithTool, hasTool } from '../support/tools';
import { freePort } from '../support/free-port';
import { waitFor } from '../support/wait-for';

/*
 * A real rule evaluator (Debian's Prometheus 2.42 in server mode; the product
 * pins 3.x, and the generated config uses only keys both take) fires a
 * critical alert through a real Alertmanager (Debian's 0.25) with the
 * generated routes: the site's webhook gets it while the hub is down, and the
 * hub gets it once it is back.
 */

interface Notification {
  readonly status: string;
  readonly alerts: { readonly status: string; readonly labels: Record<string, string> }[];
}

class WebhookReceiver {
  public readonly received: Notification[] = [];
  private server?: Server;

  public async start(port = 0): Promise<number> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        this.received.push(JSON.parse(body) as Notification);
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  public async stop(): Promise<void> {
    if (!this.server?.listening) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  public got(alertname: string): boolean {
    return this.received.some((n) => n.alerts.some((a) => a.labels.alertname === alertname && a.status === 'firing'));
  }
}

function fetchText(url: string): Promise<string> {
  return new Promise((resolve) => {
    get(url, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(body));
    }).on('error', () => resolve(''));
  });
}

describeWithTool('prometheus')('local alerting on loopback', () => {
  const site = new WebhookReceiver();
  const hub = new WebhookReceiver();
  const processes: ChildProcess[] = [];
  let log = '';

  afterAll(async () => {
    for (const p of processes) p.kill('SIGKILL');
    await site.stop();
    await hub.stop();
  });

  const run = (command: string, args: string[]) => {
    const child = spawn(command, args);
    child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    processes.push(child);
    return child;
  };

  (hasTool('prometheus-alertmanager') ? it : it.skip)(
    'a critical alert reaches the site webhook with the hub down, and the hub once it is back',
    async () => {
      const dir = tempDir('edgefleet-alerting-');
      const [promPort, amPort, hubPort] = [await freePort(), await freePort(), await freePort()];
      const sitePort = await site.start();

      writeFileSync(
        join(dir, 'alertmanager.yml'),
        toYaml(
          alertmanagerConfig({
            hubWebhookUrl: `http://127.0.0.1:${hubPort}/edge`,
            criticalWebhooks: [{ url: `http://127.0.0.1:${sitePort}/alert` }],
          }),
        ),
      );
      const windFarm = resolveFleet(fleet).sites.find((s) => s.settings.alerting.local)!;
      const testSite = {
        ...windFarm,
        settings: {
          ...windFarm.settings,
          metrics: { ...windFarm.settings.metrics, scrapeInterval: '1s' },
          alerting: { ...windFarm.settings.alerting, evaluationInterval: '1s' },
        },
      };
      const generated = alertEvaluatorConfig(alertEvaluatorConfigProps(testSite));
      // No cluster here: scrape the evaluator itself, and reach the Alertmanager on loopback; global, rule_files shape and alerting stay as generated.
      const config = {
        ...generated,
        scrape_configs: [{ job_name: 'alert-evaluator', static_configs: [{ targets: [`127.0.0.1:${promPort}`] }] }],
        rule_files: [join(dir, 'rules.yaml')],
        alerting: {
          alertmanagers: [{ ...(generated.alerting as any).alertmanagers[0], static_configs: [{ targets: [`127.0.0.1:${amPort}`] }] }],
        },
      };
      writeFileSync(join(dir, 'prometheus.yml'), toYaml(config));
      const fire = {
        alert: 'TurbineOverspeed',
        expr: 'vector(1)',
        for: '0s',
        severity: 'critical' as const,
        labels: {},
        annotations: { summary: 'test' },
      };
      writeFileSync(
        join(dir, 'rules.yaml'),
        toYaml(
          ruleFile([
            { name: 'edgefleet-node', rules: nodeRules() },
            { name: 'site', rules: [fire] },
          ]),
        ),
      );

      const am = run('prometheus-alertmanager', [
        `--config.file=${join(dir, 'alertmanager.yml')}`,
        `--storage.path=${join(dir, 'am')}`,
        `--web.listen-address=127.0.0.1:${amPort}`,
        '--cluster.listen-address=',
      ]);
      await waitFor(
        'Alertmanager ready',
        async () => (await fetchText(`http://127.0.0.1:${amPort}/-/ready`)).length > 0 || am.exitCode !== null,
        15000,
      );
      // Test only: an alert that fires before the notifier has discovered the Alertmanager is sent again after the resend delay (1m by default).
      const prom = run('prometheus', [
        '--rules.alert.resend-delay=1s',
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'tsdb')}`,
        '--storage.tsdb.retention.time=6h',
        `--web.listen-address=127.0.0.1:${promPort}`,
      ]);
      const exited = () => am.exitCode !== null || prom.exitCode !== null;

      await waitFor('the site webhook', () => site.got('TurbineOverspeed') || exited(), 30000);
      expect(exited() ? log : 'running').toBe('running');
      // The rule file loaded with the built-in node rules beside the test rule.
      expect(await fetchText(`http://127.0.0.1:${promPort}/api/v1/rules`)).toContain('EdgeNodeDown');
      expect(hub.received).toEqual([]);

      // The hub route's first attempt fails while nothing listens on the hub port.
      const failed = async () =>
        /alertmanager_notification_requests_failed_total\{integration="webhook"\} [1-9]/.test(
          await fetchText(`http://127.0.0.1:${amPort}/metrics`),
        );
      await waitFor('a failed notification to the hub', failed, 45000);
      await hub.start(hubPort);
      await waitFor('the hub webhook, once it is back', () => hub.got('TurbineOverspeed'), 30000);
      const delivered = hub.received.flatMap((n) => n.alerts).find((a) => a.labels.alertname === 'TurbineOverspeed')!;
      // External labels of the generated config identify the site at the hub.
      expect(delivered.labels).toMatchObject({ severity: 'critical', cluster: windFarm.cluster, tier: 'emea/nordics' });
      expect(site.received.every((n) => n.alerts.every((a) => a.labels.severity === 'critical'))).toBe(true);
    },
    120000,
  );
});
