import { Command } from 'commander';
import { publish } from '../output/oci-publish';
import { assertOutDir } from './usage';

interface PublishFlags {
  out: string;
  registry: string;
  plainHttp?: boolean;
}

async function publishCommand(flags: PublishFlags): Promise<void> {
  assertOutDir(flags.out);
  const r = await publish({ outDir: flags.out, registry: flags.registry, plainHttp: flags.plainHttp });
  for (const c of r.clusters) if (c.changed) process.stdout.write(`${c.cluster}: candidate -> ${c.revision} (${c.digest})\n`);
  const changed = r.clusters.filter((c) => c.changed).length;
  process.stdout.write(
    `publish: ${r.clusters.length} clusters, ${changed} changed; pushed ${r.traffic.blobsPushed} blobs, ${r.traffic.manifestsPushed} manifests -> ${flags.registry}\n`,
  );
}

/** Registers `edgefleet publish`. */
export function registerPublish(program: Command, defaultOut: string): void {
  program
    .command('publish')
    .description(
      'push each OCI-delivered cluster (gitops.delivery "oci") as a Flux OCI artifact and move its candidate tag; unchanged clusters push nothing',
    )
    .option('--out <dir>', 'the synthesized tree', defaultOut)
    .requiredOption('--registry <host/path>', 'registry host[:port] and path; cluster c goes to <path>/c')
    .option('--plain-http', 'talk HTTP, not HTTPS (a registry on loopback)')
    .action(publishCommand);
}
