import { ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';

/*
 * A real OCI registry on loopback for the delivery-cost bench and the OCI
 * tests: Debian's `docker-registry` (CNCF distribution 2.8), with a config
 * file and storage of its own under `dir`.
 */

/** The Debian `docker-registry` binary. */
export const REGISTRY_BIN = '/usr/bin/docker-registry';

/** A registry on loopback. */
export interface LocalRegistry {
  /** `127.0.0.1:<port>`. */
  readonly host: string;
  stop(): Promise<void>;
}

/** A loopback port nothing listens on (at the time of asking). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves once `/v2/` answers (the registry's readiness); a refused connection retries on the next turn of the event loop, without a timer. */
async function ready(host: string, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://${host}/v2/`)).ok) return;
    } catch {
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

/** Starts `docker-registry serve` on a free loopback port, storing under `dir`. */
export async function startRegistry(dir: string): Promise<LocalRegistry> {
  const host = `127.0.0.1:${await freePort()}`;
  const config = join(dir, 'config.yml');
  writeFileSync(
    config,
    `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'storage')}\nhttp:\n  addr: ${host}\n`,
  );
  const child = spawn(REGISTRY_BIN, ['serve', config], { stdio: 'ignore' });
  await ready(host, child);
  return {
    host,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}
