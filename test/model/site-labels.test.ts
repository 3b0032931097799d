import { join } from 'node:path';
import { parse } from 'yaml';
import { resolveFleet } from '../../lib/model/resolve';
import { synth } from '../../lib/synth/synth';
import { kustomizeObjects } from '../support/kustomize';
import { smallFleet } from '../support/small-fleet';
import { tempDir } from '../support/synth-sites';
import { describeWithTool } from '../support/tools';

describeWithTool('kubectl', ['version', '--client'])('the labels setting', () => {
  const out = tempDir();
  const { fleet } = smallFleet({ fleet: { labels: { 'acme.example/team': 'edge' } }, site: { labels: { store_format: 'mall' } } });
  synth(fleet, { outDir: out });
  const objects = kustomizeObjects(join(out, 'clusters', 'shop-1'));

  test('reaches metadata.labels of every object of the site (shared bases included), never selectors or pod templates', () => {
    expect(objects.length).toBeGreaterThan(10);
    for (const o of objects)
      expect((o.metadata as { labels?: Record<string, string> }).labels).toMatchObject({
        'acme.example/team': 'edge',
        store_format: 'mall',
      });
    const web = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'web') as unknown as {
      spec: { selector: { matchLabels: object }; template: { metadata: { labels: object } } };
    };
    expect(web.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'web' });
    expect(web.spec.template.metadata.labels).not.toHaveProperty('store_format');
    // The other site has no site label.
    expect(
      kustomizeObjects(join(out, 'clusters', 'shop-2')).every(
        (o) =>
          !(o.metadata as unknown as { labels?: object }).labels ||
          !('store_format' in (o.metadata as unknown as { labels: object }).labels),
      ),
    ).toBe(true);
  });

  test('becomes external labels of the metrics and the logs, as label names', () => {
    const prometheus = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('prometheus-agent-config')) as unknown as {
      data: Record<string, string>;
    };
    const external = parse(Object.values(prometheus.data)[0]).global.external_labels;
    expect(external).toMatchObject({ acme_example_team: 'edge', store_format: 'mall', cluster: 'shop-1' });
    const promtail = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('promtail-config')) as unknown as {
      data: Record<string, string>;
    };
    expect(parse(promtail.data['promtail.yaml']).clients[0].external_labels).toMatchObject({
      acme_example_team: 'edge',
      store_format: 'mall',
      cluster: 'shop-1',
    });
  });
});

test.each<[Record<string, string>, string, RegExp]>([
  [{ 'edgefleet.io/site': 'x' }, 'labels.edgefleet.io/site', /prefix edgefleet.io\//],
  [{ 'app.kubernetes.io/name': 'x' }, 'labels.app.kubernetes.io/name', /prefix app.kubernetes.io\//],
  [{ cluster: 'x' }, 'labels.cluster', /external label "cluster", which edgefleet sets/],
  [{ 'team.a': 'x', team_a: 'y' }, 'labels.team_a', /"team.a" and "team_a" both become the external label "team_a"/],
])("label %j collides with edgefleet's own and is rejected naming site and field", (labels, field, message) => {
  const { fleet } = smallFleet({ site: { labels } });
  expect(resolveFleet(fleet).problems).toContainEqual(
    expect.objectContaining({ site: 'shop-1', field, message: expect.stringMatching(message) }),
  );
});
