import type { Command } from 'commander';
import type { CliIo } from '../cli-io.ts';
import { withContext } from '../command-context.ts';
import { lazy } from '../lazy-import.ts';

const enrichWarehouse = lazy(() => import('../../enrich/enrich-runner.ts'), 'enrichWarehouse');

interface EnrichCommandOptions {
  classify: boolean;
  full?: boolean;
  json?: boolean;
}

export function registerEnrich(program: Command, io: CliIo): void {
  program
    .command('enrich')
    .description('Enrich the messages imported since the last run (every message the first time): issues, sender state and age band, local time of week, noise, chain messages and opt-outs, into message_enrichment and sender_enrichment; one line per step with rows and time.')
    .option('--full', 're-enrich every message (done by itself when settings, country data, taxonomy or model changed)')
    .option('--no-classify', 'skip the issue classifier: keep the issue labels already stored (unlabelled messages: sin_tema)')
    .option('--json', 'print the step timings as JSON on stdout')
    .addHelpText('after', `
Settings (change with SQL, then run enrich again): age_bands, chain_min_senders, chain_min_words,
home_country, default_tz. See docs/enrichment.md.

Examples:
  $ buzon enrich
  $ buzon query "UPDATE settings SET value = '18-29,30-44,45-59,60+' WHERE key = 'age_bands'" && buzon enrich`)
    .action(async (options: EnrichCommandOptions, command: Command) => {
      await withContext(io, command, async (context) => {
        const summary = await enrichWarehouse(context, { classify: options.classify, full: options.full });
        await context.warehouse.checkpoint();
        if (options.json) io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      });
    });
}
