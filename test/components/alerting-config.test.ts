import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fleet as factories } from '../../examples/factories';
import { synth } from '../../lib/synth/synth';
import { fleet as sitesFleet } from '../../sites/fleet';
import { kustomizeObjects } from '../support/kustomize';
import { tempDir } from '../support/synth-sites';
import { describeWithTool } from '../support/tools';

/** Every ConfigMap file of the built clusters with local alerting, and the hub rule files. */
function alertingFiles(fleet: typeof sitesFleet) {
  const out = tempDir();
  synth(fleet, { outDir: out });
  const rules: [string, string][] = [];
  const alertmanager: [string, string][] = [];
  for (const cluster of readdirSync(join(out, 'clusters'))) {
    for (const o of kustomizeObjects(join(out, 'clusters', cluster)).filter((x) => x.kind === 'ConfigMap')) {
      if (o.metadata.name === 'alert-evaluator-rules') rules.push([cluster, o.data['rules.yaml']]);
      if (o.metadata.name === 'alertmanager') alertmanager.push([cluster, o.data['alertmanager.yml']]);
    }
  }
  const hub = readdirSync(join(out, 'hub')).map((tier) => join(out, 'hub', tier, 'rules.yaml'));
  return { rules, alertmanager, hub };
}

describeWithTool('kubectl', ['version', '--client'])('generated alerting config, checked by the real tools', () => {
  const dir = tempDir();
  const trees = [alertingFiles(sitesFleet), alertingFiles(factories)];

  test('sites/ and examples/factories have clusters with local alerting, and hub rules for every tier', () => {
    expect(trees[0].rules.map(([c]) => c)).toEqual(['windfarm-borkum', 'windfarm-hornsea']);
    expect(trees[1].rules).toHaveLength(3);
    expect(trees[0].hub).toHaveLength(3);
  });

  describeWithTool('promtool')('promtool check rules', () => {
    test('on every site rule file and every hub rule file', () => {
      const files = trees.flatMap((t) => [
        ...t.rules.map(([cluster, text]) => {
          const file = join(dir, `${cluster}-rules.yaml`);
          writeFileSync(file, text);
          return file;
        }),
        ...t.hub,
      ]);
      const result = spawnSync('promtool', ['check', 'rules', ...files], { encoding: 'utf8' });
      expect(result.stderr + result.stdout).not.toMatch(/FAILED/);
      expect(result.status).toBe(0);
      expect((result.stdout.match(/SUCCESS/g) ?? []).length).toBe(files.length);
    });

    test('a broken expression fails', () => {
      const file = join(dir, 'broken.yaml');
      writeFileSync(file, 'groups:\n  - name: x\n    rules:\n      - alert: Broken\n        expr: up{ == 0\n');
      expect(spawnSync('promtool', ['check', 'rules', file]).status).not.toBe(0);
    });
  });

  describeWithTool('amtool')('amtool check-config', () => {
    test('on every Alertmanager config', () => {
      const configs = trees.flatMap((t) => t.alertmanager);
      expect(configs.length).toBe(5);
      for (const [cluster, text] of configs) {
        const file = join(dir, `${cluster}-alertmanager.yml`);
        writeFileSync(file, text);
        const output = execFileSync('amtool', ['check-config', file], { encoding: 'utf8' });
        expect(output).toContain('SUCCESS');
        expect(output).toMatch(/2 receivers/);
        expect(output).toMatch(/2 inhibit rules/);
      }
    });
  });
});
