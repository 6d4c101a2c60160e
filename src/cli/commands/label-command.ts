import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliIo } from '../cli-io.ts';
import { withContext } from '../command-context.ts';
import { lazy } from '../lazy-import.ts';

const importLabels = lazy(() => import('../../enrich/label-importer.ts'), 'importLabels');

export function registerLabel(program: Command, io: CliIo): void {
  const label = program
    .command('label')
    .description("Readers' issue labels, used to train the issue model (buzon classify train).");
  label
    .command('import')
    .description("Import a labels CSV: message_id and issues (keys separated by ';', empty or sin_tema for none). A message labelled again is replaced.")
    .argument('<file>', 'labels CSV (the truth.csv of buzon generate works too)')
    .option('--taxonomy <file>', 'taxonomy the issue keys must come from (default: data/taxonomy.json)')
    .addHelpText('after', `
Example file:
  message_id,issues
  wamid.HBgL1,agua;salud
  wamid.HBgL2,

Example:
  $ buzon label import labels/lote-1.csv && buzon classify train`)
    .action(async (file: string, options: { taxonomy?: string }, command: Command) => {
      await withContext(io, command, async (context) => {
        const summary = await importLabels(context, resolve(io.cwd, file), {
          taxonomyFile: options.taxonomy ? resolve(io.cwd, options.taxonomy) : undefined,
        });
        const n = (x: number) => x.toLocaleString('en-US');
        context.logger.info(`${file}: ${n(summary.rows)} labelled messages (${n(summary.withIssues)} with issues), ` +
          `${n(summary.matched)} in the warehouse, ${n(summary.unknownMessages)} not (yet) imported, ${n(summary.replaced)} replaced earlier labels`);
        await context.warehouse.checkpoint();
      });
    });
}
