import { z } from 'zod';
import { MAX_CONFIG_BYTES, MAX_ENTRIES } from './app-pod';
import { yamlString } from './yaml-string';

/*
 * The files an app brings: config files (a ConfigMap) and encrypted secret
 * manifests. Apps declare them, and tiers and sites may add or replace them
 * per site (see app-values.ts), so both share these schemas.
 */

/** Total size of config files, which Kubernetes caps at 1 MiB per ConfigMap. */
export function configBytes(files: Readonly<Record<string, string>>): number {
  return Object.values(files).reduce((n, text) => n + Buffer.byteLength(text), 0);
}

const CONFIG_TOO_BIG = {
  message: 'add up to more than 1 MiB, the most a ConfigMap holds',
  params: { hint: 'ship large files in the image or fetch them at start-up' },
};

/** Config files by plain file name, mounted flat in the app's configMountPath. */
export const configFilesSchema = z
  .record(
    z.string().refine((name) => /^[A-Za-z0-9._-]+$/.test(name), {
      message: 'must be a plain file name',
      params: { hint: 'use letters, digits, ".", "_" and "-" only: the files are mounted flat in configMountPath' },
    }),
    yamlString,
  )
  .refine((files) => configBytes(files) <= MAX_CONFIG_BYTES, CONFIG_TOO_BIG);

/** The problem of config files that, merged from app and site, exceed what a ConfigMap holds. */
export function configTooBig(files: Readonly<Record<string, string>>): { message: string; hint: string } | undefined {
  return configBytes(files) > MAX_CONFIG_BYTES ? { message: CONFIG_TOO_BIG.message, hint: CONFIG_TOO_BIG.params.hint } : undefined;
}

/** Encrypted manifests (SOPS files or SealedSecrets) by .yaml/.yml/.json file name. */
export const secretFilesSchema = z
  .record(
    z.string().refine((name) => /^[A-Za-z0-9._-]+\.(ya?ml|json)$/.test(name), {
      message: 'must be a plain .yaml, .yml or .json file name',
      params: { hint: 'name SOPS files and SealedSecrets e.g. "db.sops.yaml"' },
    }),
    z.string(),
  )
  .refine((files) => Object.keys(files).length <= MAX_ENTRIES, {
    message: `must have at most ${MAX_ENTRIES} files`,
    params: { hint: 'merge secrets into fewer files' },
  });
