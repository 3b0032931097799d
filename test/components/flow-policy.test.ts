import { App, Chart } from 'cdk8s';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { FlowPolicy } from '../../lib/components/flow-policy';

function render(build: (chart: Chart) => void): any[] {
  const chart = new Chart(new App(), 'net', { disableResourceNameHashes: true });
  build(chart);
  return chart.toJson();
}

describe('FlowPolicy', () => {
  test('lists only the directions it has rules for; pods and CIDR peers', () => {
    const [policy] = render(
      (c) =>
        new FlowPolicy(c, 'P', {
          name: 'pos-flows',
          namespace: 'edge-apps',
          podLabels: { 'app.kubernetes.io/name': 'pos' },
          egress: [
            { peers: [{ pods: { 'app.kubernetes.io/name': 'sensors' } }], ports: [{ port: 1883, protocol: 'TCP' }] },
            { peers: [{ cidr: '198.51.100.0/24' }], ports: [{ port: 443, protocol: 'TCP' }] },
          ],
        }),
    );
    expect(() => new NetworkPolicy(policy).validate()).not.toThrow();
    expect(policy.spec.policyTypes).toEqual(['Egress']);
    expect(policy.spec).not.toHaveProperty('ingress');
    expect(policy.spec.egress).toEqual([
      { to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'sensors' } } }], ports: [{ port: 1883, protocol: 'TCP' }] },
      { to: [{ ipBlock: { cidr: '198.51.100.0/24' } }], ports: [{ port: 443, protocol: 'TCP' }] },
    ]);
  });

  test('ingress from pods of another namespace ANDs namespace and pod selectors', () => {
    const [policy] = render(
      (c) =>
        new FlowPolicy(c, 'P', {
          name: 'scrape',
          namespace: 'edge-apps',
          podLabels: {},
          ingress: [
            {
              peers: [{ namespace: 'edge-system', pods: { 'app.kubernetes.io/name': 'prometheus-agent' } }],
              ports: [{ port: 9100, protocol: 'TCP' }],
            },
          ],
        }),
    );
    expect(policy.spec.policyTypes).toEqual(['Ingress']);
    expect(policy.spec.ingress[0].from).toEqual([
      {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge-system' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus-agent' } },
      },
    ]);
  });
});
