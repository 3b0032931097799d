import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  changedConfigMaps,
  configFileName,
  configMapGenerator,
  configMapOfFile,
  isSafeLiteral,
} from '../../lib/layout/configmap-generator';
import { kustomizationYaml } from '../../lib/layout/kustomization';
import type { GeneratedConfigMap } from '../../lib/render/render-unit';
import { toYaml } from '../../lib/util/yaml';
import { kustomizeObjects } from '../support/kustomize';
import { tempDir } from '../support/synth-sites';
import { describeWithTool } from '../support/tools';

/** Config file contents that stress the literal form: `=`, quotes, YAML indicators, blank and indented lines, other line ends. */
const HOSTILE: Record<string, string> = {
  'prometheus.yml': 'global:\n  scrape_interval: 60s\n',
  'equals.conf': 'a=b\nc==d\n=e\n',
  'quoted.txt': '"hello"',
  'single.txt': "'x'",
  'half-quoted.txt': '"hello\n',
  'quote-inside.txt': 'say "hi"\n',
  'one-quote.txt': '"',
  'empty.txt': '',
  'document.yaml': '---\nkey: value\n...\n--- # again\n',
  'indented.txt': '  leading\n\ttab inside\ntrailing  \n\n\n',
  'no-newline.txt': 'last line',
  'crlf.ini': '[a]\r\nb=1\r\n',
  'unicode.txt': 'ünïcødé ✓ 🚀\n',
  'comment.sh': '#!/bin/sh\n# a: b\necho "$HOME" | tr -d \'\\n\'\n',
};

const cm: GeneratedConfigMap = { name: 'agent-config', namespace: 'edge-system', files: HOSTILE };

describe('configMapGenerator', () => {
  test('inlines config files as literals, except those kustomize would strip of their quotes', () => {
    const { entry, files } = configMapGenerator(cm);
    expect([...files.keys()].sort()).toEqual(
      [configFileName(cm, 'one-quote.txt'), configFileName(cm, 'quoted.txt'), configFileName(cm, 'single.txt')].sort(),
    );
    expect(entry.literals).toContain('prometheus.yml=global:\n  scrape_interval: 60s\n');
    expect(entry.files).toEqual([
      'one-quote.txt=configmap_edge-system_agent-config_one-quote.txt',
      'quoted.txt=configmap_edge-system_agent-config_quoted.txt',
      'single.txt=configmap_edge-system_agent-config_single.txt',
    ]);
  });

  test('isSafeLiteral refuses a value wrapped in matching quotes only', () => {
    expect(isSafeLiteral('k', '"a"')).toBe(false);
    expect(isSafeLiteral('k', "'a'")).toBe(false);
    expect(isSafeLiteral('k', '"a\'')).toBe(true);
    expect(isSafeLiteral('k', '"a"\n')).toBe(true);
    expect(isSafeLiteral('k', 'a\u0085b')).toBe(false);
  });

  test('a fallback file names its ConfigMap, even with dots and dashes in names and keys', () => {
    expect(configMapOfFile(configFileName({ name: 'a.b-c', namespace: 'ns-1', files: {} }, 'x_y.conf'))).toBe('ns-1/a.b-c');
    expect(configMapOfFile('resources.yaml')).toBeUndefined();
    expect(configMapOfFile('kustomization.yaml')).toBeUndefined();
  });

  test('changedConfigMaps lists the ConfigMaps whose generator inputs differ', () => {
    const a = configMapGenerator({ name: 'a', namespace: 'n', files: { k: 'v1\n' } }).entry;
    const b = configMapGenerator({ name: 'b', namespace: 'n', files: { k: 'v\n' } }).entry;
    const a2 = configMapGenerator({ name: 'a', namespace: 'n', files: { k: 'v2\n' } }).entry;
    expect(changedConfigMaps([a, b], [a2, b])).toEqual(['n/a']);
    expect(changedConfigMaps([a], [a, b])).toEqual(['n/b']);
    expect(changedConfigMaps([a, b], [a, b])).toEqual([]);
  });
});

describeWithTool('kubectl', ['version', '--client'])('configMapGenerator under real kubectl kustomize', () => {
  test('literals build the same ConfigMap, name hash included, as one file per config file', () => {
    const inline = tempDir();
    for (const [name, text] of configMapGenerator(cm).files) writeFileSync(join(inline, name), text);
    writeFileSync(join(inline, 'kustomization.yaml'), kustomizationYaml([], [cm]));

    const perFile = tempDir();
    mkdirSync(join(perFile, 'config'));
    for (const [key, text] of Object.entries(HOSTILE)) writeFileSync(join(perFile, 'config', key), text);
    const files = Object.keys(HOSTILE).map((key) => `${key}=config/${key}`);
    writeFileSync(
      join(perFile, 'kustomization.yaml'),
      toYaml({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        configMapGenerator: [{ name: cm.name, namespace: cm.namespace, files }],
      }),
    );

    const [built] = kustomizeObjects(inline);
    expect(built.data).toEqual(HOSTILE);
    expect(kustomizeObjects(inline)).toEqual(kustomizeObjects(perFile));
  });

  test('a quote-wrapped value would lose its quotes as a literal (why it goes to a file)', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'kustomization.yaml'),
      toYaml({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        configMapGenerator: [{ name: 'q', literals: ['k="hello"'] }],
      }),
    );
    expect(kustomizeObjects(dir)[0].data).toEqual({ k: 'hello' });
  });
});
