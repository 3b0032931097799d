import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { ResolvedAppSecrets } from '../model/app-secrets';

/**
 * Gives a container the Secrets it consumes: variables from single keys
 * (`secretKeyRef`) and whole Secrets mounted read-only. The Secrets
 * themselves come from the app's encrypted files (`secretFiles`), never
 * from here: this only references them by name.
 */
export function consumeSecrets(scope: Construct, container: kplus.Container, secrets: ResolvedAppSecrets): void {
  const byName = new Map<string, kplus.ISecret>();
  const secret = (name: string) => {
    let found = byName.get(name);
    if (!found) {
      found = kplus.Secret.fromSecretName(scope, `Secret-${name}`, name);
      byName.set(name, found);
    }
    return found;
  };
  for (const [variable, ref] of Object.entries(secrets.secretEnv).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    container.env.addVariable(variable, kplus.EnvValue.fromSecretValue({ secret: secret(ref.secret), key: ref.key }));
  }
  secrets.secretMounts.forEach((m, i) => {
    container.mount(m.mountPath, kplus.Volume.fromSecret(scope, `SecretVolume${i}`, secret(m.secret), { name: `secret-${i}` }), {
      readOnly: true,
    });
  });
}
