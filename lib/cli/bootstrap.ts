import { Command } from 'commander';
import { loadFleet } from '../model/load-fleet';
import { assertFleetFile, assertOutDir } from './usage';

/** Adds `edgefleet bootstrap`: Terraform JSON per outer tier and provisioning files per node, into a directory of their own. */
export function addBootstrapCommand(cmd: Command, defaultApp: string): void {
  cmd
    .command('bootstrap')
    .description(
      "write, per outer tier, a Terraform JSON (CDKTF) that installs each site's GitOps agent, and per node its provisioning files",
    )
    .option('--app <file>', 'fleet definition (TypeScript or JavaScript)', defaultApp)
    .requiredOption('--out <dir>', 'output directory, its own (not the synth tree)')
    .option('--no-fsync', 'do not fsync what is written (only for throwaway trees)')
    .action((opts: { app: string; out: string; fsync: boolean }) => {
      assertFleetFile(opts.app);
      assertOutDir(opts.out);
      // Loaded here: cdktf and the Helm provider take longer to load than a no-op synth takes to run.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
      const { bootstrap } = require('../bootstrap/bootstrap') as typeof import('../bootstrap/bootstrap');
      const s = bootstrap(loadFleet(opts.app), { outDir: opts.out, durable: opts.fsync });
      process.stdout.write(
        `bootstrap: ${s.tiers} tiers, ${s.sites} sites; files: ${s.written} written, ${s.unchanged} unchanged, ${s.removed} removed -> ${opts.out}\n`,
      );
    });
}
