import type { Problem } from '../model/problem';
import type { ResolvedSite } from '../model/resolved-site';
import { unrepresentableReason } from '../model/yaml-string';
import type { RenderedUnit } from '../render/render-unit';
import type { KubeObject } from '../util/kube-object';
import { objectProblem } from './object-problem';
import { unitSource } from './secrets';

/** A DNS-1123 subdomain: what the API server accepts as the name of most kinds (at most 253 characters). */
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Every value of an object that YAML cannot carry exactly: NaN, Infinity, unrepresentable strings (keys too). */
function badValues(value: unknown, path: string, out: { path: string; reason: string }[]): void {
  if (typeof value === 'number' && !Number.isFinite(value))
    out.push({ path, reason: `is ${value}, which JSON and Kubernetes have no number for` });
  if (typeof value === 'string') {
    const reason = unrepresentableReason(value);
    if (reason) out.push({ path, reason });
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, item] of Object.entries(value)) {
    const keyReason = unrepresentableReason(key);
    if (keyReason) out.push({ path: `${path}.${JSON.stringify(key)}`, reason: `has a key that ${keyReason}` });
    badValues(item, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`, out);
  }
}

/**
 * Shape of rendered objects, render-hook output included: a valid
 * metadata.name and only values that survive YAML and kubectl unchanged.
 */
export function checkObjectShape(site: ResolvedSite, unit: RenderedUnit): Problem[] {
  const problems: Problem[] = [];
  for (const object of unit.objects as readonly Partial<KubeObject>[]) {
    const name = object.metadata?.name;
    const at = (field: string, message: string, hint: string): void => {
      problems.push(objectProblem(site, unit, object, field, `${unitSource(unit.name)}: ${message}`, hint));
    };
    if (typeof name !== 'string' || name.length > 253 || !DNS_1123_SUBDOMAIN.test(name)) {
      at(
        'metadata.name',
        `${JSON.stringify(name)} is not a DNS-1123 subdomain`,
        'use lower-case letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters',
      );
    }
    const bad: { path: string; reason: string }[] = [];
    for (const [key, value] of Object.entries(object)) badValues(value, key, bad);
    for (const b of bad) at(b.path, b.reason, 'write a finite number or a string YAML can carry');
  }
  return problems;
}
