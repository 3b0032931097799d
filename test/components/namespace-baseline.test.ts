import { App, Chart } from 'cdk8s';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { NamespaceBaseline } from '../../lib/components/namespace-baseline';

function render(build: (chart: Chart) => void): any[] {
  const chart = new Chart(new App(), 'net', { disableResourceNameHashes: true });
  build(chart);
  return chart.toJson();
}

describe('NamespaceBaseline', () => {
  const objects = render((c) => new NamespaceBaseline(c, 'Apps', { namespace: 'edge-apps' }));
  const byName = (name: string) => objects.find((o) => o.metadata.name === name);

  test('every object is a valid NetworkPolicy in the namespace', () => {
    for (const o of objects) {
      expect(() => new NetworkPolicy(o).validate()).not.toThrow();
      expect(o.metadata.namespace).toBe('edge-apps');
    }
  });

  test('default-deny: every pod, both directions, policyTypes explicit, no rules', () => {
    expect(byName('default-deny').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });

  test('DNS: kube-system AND k8s-app=kube-dns in one peer item, on UDP and TCP 53, egress only', () => {
    expect(byName('allow-dns').spec).toEqual({
      podSelector: { matchLabels: {} },
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
              podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            },
          ],
          ports: [
            { port: 53, protocol: 'UDP' },
            { port: 53, protocol: 'TCP' },
          ],
        },
      ],
    });
  });

  test('within-namespace traffic only when asked', () => {
    expect(byName('allow-same-namespace')).toBeUndefined();
    const open = render((c) => new NamespaceBaseline(c, 'Platform', { namespace: 'edge-system', withinNamespace: true }));
    expect(open.find((o) => o.metadata.name === 'allow-same-namespace').spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    });
  });
});
