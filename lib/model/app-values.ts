import { z } from 'zod';
import { envSchema } from './app-pod';
import { configFilesSchema, configTooBig, secretFilesSchema } from './app-files';
import type { ResolvedApp } from './resolved-app';
import { dns1035Label } from './names';
import type { Problem } from './problem';

/*
 * Values an app gets on some sites only: a PLC address, a register map,
 * the site's own credentials. A tier or a site gives them by app name in
 * `appValues`; they merge like every setting (fleet, then each tier from
 * the outside in, then the site; objects key by key), then over the app's
 * own env, config files and secret files, so one EdgeApp serves every site.
 */

/** One app's values on the sites below. */
export interface AppValues {
  /** Environment variables of the main container, merged over the app's `env`. @default {} */
  readonly env?: Readonly<Record<string, string>>;
  /** Config files by file name, added to or replacing the app's `configFiles`. @default {} */
  readonly configFiles?: Readonly<Record<string, string>>;
  /** Encrypted manifests (SOPS or SealedSecret) by file name, added to or replacing the app's `secretFiles`. @default {} */
  readonly secretFiles?: Readonly<Record<string, string>>;
}

export const appValuesSchema = z.record(
  dns1035Label,
  z.object({ env: envSchema, configFiles: configFilesSchema, secretFiles: secretFilesSchema }).partial().strict(),
);
export type AppValuesByApp = z.infer<typeof appValuesSchema>;

/** The app as one site runs it: its values merged over its own. */
export function withAppValues(app: ResolvedApp, values: AppValues | undefined): ResolvedApp {
  if (!values) return app;
  const [main, ...sidecars] = app.containers;
  return {
    ...app,
    containers: [{ ...main, env: { ...main.env, ...values.env } }, ...sidecars],
    configFiles: { ...app.configFiles, ...values.configFiles },
    secretFiles: { ...app.secretFiles, ...values.secretFiles },
  };
}

/** Problems of an app's merged values on one site, which neither the app nor the values show alone. */
export function mergedAppProblems(app: ResolvedApp, where: { path: string; site: string }): Problem[] {
  const problems: Problem[] = [];
  const big = configTooBig(app.configFiles);
  if (big)
    problems.push({
      ...where,
      field: `appValues.${app.name}.configFiles`,
      message: `with the app's own, the config files of app ${app.name} ${big.message}`,
      hint: big.hint,
    });
  const secretEnv = new Set(Object.keys(app.secretEnv));
  for (const name of Object.keys(app.containers[0].env).filter((n) => secretEnv.has(n))) {
    problems.push({
      ...where,
      field: `appValues.${app.name}.env.${name}`,
      message: `${name} is also taken from a Secret by app ${app.name} (secretEnv)`,
      hint: 'set each variable once',
    });
  }
  return problems;
}

/**
 * Values given for apps that no site below runs: a typo, or an app removed
 * from the sites. `appsBelow` holds the ids of the apps the sites under the
 * construct run (for a site, its own apps).
 */
export function unusedAppValues(
  values: AppValuesByApp | undefined,
  appsBelow: ReadonlySet<string>,
  where: { path: string; site?: string },
): Problem[] {
  return Object.keys(values ?? {})
    .filter((name) => !appsBelow.has(name))
    .map((name) => ({
      ...where,
      field: `appValues.${name}`,
      message: where.site
        ? `gives values for app ${name}, which the site does not run`
        : `gives values for app ${name}, which no site below runs`,
      hint: `add ${name} to the apps of ${where.site ? 'the site' : 'a site below'}, or remove these values (check the spelling of the app id)`,
    }));
}
