import type { NodeTaint, ResolvedDeviceClass } from '../model/device-class';
import { distributionProfile } from '../model/distribution';
import type { ResolvedSite } from '../model/resolved-site';
import { LABELS } from '../model/label-keys';
import { toYaml } from '../util/yaml';

/** Nodes of at most this much memory count as small: k3s runs without the packaged components the tree does not use. */
export const SMALL_NODE_MIB = 2048;

/**
 * k3s packaged components an edgefleet tree never uses (no Ingress, no
 * LoadBalancer Service, no HPA), removed with `disable` on small servers
 * (docs.k3s.io/installation/packaged-components). coredns and local-storage stay:
 * the tree needs DNS and the default local-path class.
 */
export const K3S_DISABLED_ON_SMALL = ['traefik', 'servicelb', 'metrics-server'] as const;

/** One node of a site: its index (0 is the server), name and device class. */
export interface SiteNode {
  readonly index: number;
  readonly name: string;
  readonly deviceClass: ResolvedDeviceClass;
}

/** The site's nodes in order, named `node-<index>`. */
export function siteNodes(site: ResolvedSite): SiteNode[] {
  return site.nodes
    .flatMap((g) => Array.from({ length: g.count }, () => g.deviceClass))
    .map((deviceClass, index) => ({ index, name: `node-${index}`, deviceClass }));
}

/** Labels a node of the class must carry: its own, the arch and the device class the tree places pods by. */
export function nodeLabels(dc: ResolvedDeviceClass): Record<string, string> {
  return { ...dc.nodeLabels, [LABELS.arch]: dc.arch, [LABELS.deviceClass]: dc.name };
}

const labelArgs = (dc: ResolvedDeviceClass) => Object.entries(nodeLabels(dc)).map(([k, v]) => `${k}=${v}`);
const taintArg = (t: NodeTaint) => `${t.key}${t.value === undefined ? '' : `=${t.value}`}:${t.effect}`;
const header = (site: ResolvedSite) =>
  `# edgefleet ${site.settings.distribution} provisioning for ${site.cluster}. ${distributionProfile(site.settings.distribution).networkPolicy.note}.\n`;

/**
 * k3s `config.yaml` (/etc/rancher/k3s/config.yaml): CLI flags as keys,
 * repeatable ones as lists (docs.k3s.io/installation/configuration,
 * k3s-io/docs docs/installation/configuration.md): `node-label`,
 * `node-taint`, `disable` (server only) and `default-runtime` (k3s
 * detects the NVIDIA runtime but keeps runc as default, docs.k3s.io/advanced#nvidia-container-runtime-support).
 */
function k3sConfig(node: SiteNode): Record<string, unknown> {
  const dc = node.deviceClass;
  return {
    'node-label': labelArgs(dc),
    ...(dc.taints.length > 0 ? { 'node-taint': dc.taints.map(taintArg) } : {}),
    ...(node.index === 0 && dc.memoryMiB <= SMALL_NODE_MIB ? { disable: [...K3S_DISABLED_ON_SMALL] } : {}),
    ...(dc.gpu?.vendor === 'nvidia' ? { 'default-runtime': 'nvidia' } : {}),
  };
}

/** k3s `registries.yaml` (/etc/rancher/k3s/registries.yaml): `mirrors.<registry>.endpoint` (docs.k3s.io/installation/private-registry). */
function k3sRegistries(mirrors: Readonly<Record<string, string>>): Record<string, unknown> {
  return { mirrors: Object.fromEntries(Object.entries(mirrors).map(([registry, url]) => [registry, { endpoint: [url] }])) };
}

/** k0s: `k0s install worker|controller --labels=... --taints=...` (docs.k0sproject.io/stable/worker-node-config), one flag per line. */
function k0sFlags(node: SiteNode): string {
  const dc = node.deviceClass;
  const flags = [
    node.index === 0 ? '--enable-worker' : undefined,
    `--labels=${labelArgs(dc).join(',')}`,
    dc.taints.length > 0 ? `--taints=${dc.taints.map(taintArg).join(',')}` : undefined,
  ];
  return `${flags.filter((f) => f !== undefined).join('\n')}\n`;
}

/**
 * MicroK8s launch configuration (/var/snap/microk8s/common/.microk8s.yaml,
 * version 0.1.0, canonical.com/microk8s/docs/ref-launch-config): kubelet
 * `--node-labels` and `--register-with-taints` through `extraKubeletArgs`;
 * the server enables the dns and hostpath-storage addons (and nvidia on a
 * GPU site); mirrors as containerd hosts.toml in `containerdRegistryConfigs`.
 */
function microk8sConfig(site: ResolvedSite, node: SiteNode): Record<string, unknown> {
  const dc = node.deviceClass;
  const gpu = site.nodes.some((g) => g.deviceClass.gpu?.vendor === 'nvidia');
  const mirrors = Object.entries(site.settings.bootstrap.registryMirrors);
  return {
    version: '0.1.0',
    extraKubeletArgs: {
      '--node-labels': labelArgs(dc).join(','),
      ...(dc.taints.length > 0 ? { '--register-with-taints': dc.taints.map(taintArg).join(',') } : {}),
    },
    ...(node.index === 0 ? { addons: [{ name: 'dns' }, { name: 'hostpath-storage' }, ...(gpu ? [{ name: 'nvidia' }] : [])] } : {}),
    ...(mirrors.length > 0
      ? {
          containerdRegistryConfigs: Object.fromEntries(
            mirrors.map(([registry, url]) => [registry, `[host."${url}"]\ncapabilities = ["pull", "resolve"]\n`]),
          ),
        }
      : {}),
  };
}

/**
 * KubeEdge edge node: the part of edgecore.yaml (edgecore.config.kubeedge.io/v1alpha2)
 * that edgefleet decides: `modules.edged.nodeLabels` and the kubelet's
 * `registerWithTaints` (kubeedge.io/docs/setup/config). The cloud node (node-0)
 * is provisioned as k3s.
 */
function edgecoreConfig(node: SiteNode): Record<string, unknown> {
  const dc = node.deviceClass;
  return {
    apiVersion: 'edgecore.config.kubeedge.io/v1alpha2',
    kind: 'EdgeCore',
    modules: {
      edged: {
        hostnameOverride: node.name,
        nodeLabels: nodeLabels(dc),
        ...(dc.taints.length > 0
          ? {
              tailoredKubeletConfig: {
                registerWithTaints: dc.taints.map((t) => ({
                  key: t.key,
                  ...(t.value === undefined ? {} : { value: t.value }),
                  effect: t.effect,
                })),
              },
            }
          : {}),
      },
    },
  };
}

/** Provisioning files of one node, by file name. */
function nodeFiles(site: ResolvedSite, node: SiteNode): [string, string][] {
  const h = header(site);
  switch (site.settings.distribution) {
    case 'k0s':
      return [['k0s-flags.txt', k0sFlags(node)]];
    case 'microk8s':
      return [['launch-config.yaml', h + toYaml(microk8sConfig(site, node))]];
    case 'kubeedge':
      return node.index === 0 ? [['config.yaml', h + toYaml(k3sConfig(node))]] : [['edgecore.yaml', h + toYaml(edgecoreConfig(node))]];
    default:
      return [['config.yaml', h + toYaml(k3sConfig(node))]];
  }
}

/**
 * Provisioning files of a site, by path relative to the site's directory:
 * `node-<i>/<file>` per node, and `registries.yaml` for k3s nodes when
 * registry mirrors are set.
 */
export function siteProvisioningFiles(site: ResolvedSite): Map<string, string> {
  const files = new Map<string, string>();
  for (const node of siteNodes(site)) {
    for (const [name, text] of nodeFiles(site, node)) files.set(`${node.name}/${name}`, text);
  }
  const mirrors = site.settings.bootstrap.registryMirrors;
  if (Object.keys(mirrors).length > 0 && (site.settings.distribution === 'k3s' || site.settings.distribution === 'kubeedge')) {
    files.set('registries.yaml', header(site) + toYaml(k3sRegistries(mirrors)));
  }
  return files;
}
