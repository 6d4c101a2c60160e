import type { Command } from 'commander';
import type { CliIo } from '../cli-io.ts';
import { withContext } from '../command-context.ts';
import { lazy } from '../lazy-import.ts';

const enrichmentLag = lazy(() => import('../../segment/enrichment-status.ts'), 'enrichmentLag');
const buildModels = lazy(() => import('../../segment/sql-runner.ts'), 'buildModels');

export function registerBuild(program: Command, io: CliIo): void {
  program
    .command('build')
    .description('Build the SQL models in sql/ in dependency order, skipping those whose SQL and inputs are unchanged; one line per model: fresh/rebuilt, rows, milliseconds.')
    .option('--models <dir>', 'folder of model .sql files (default: the sql/ folder shipped with buzon)')
    .option('--select <model...>', 'build only these models')
    .option('--full', 'rebuild every model even when it is fresh')
    .addHelpText('after', '\nExamples:\n  $ buzon build\n  $ buzon build --full\n  $ buzon build --select messages_per_day')
    .action(async (options: { models?: string; select?: string[]; full?: boolean }, command: Command) => {
      await withContext(io, command, async (context) => {
        const lag = await enrichmentLag(context.warehouse);
        if (lag > 0) context.logger.warn(`${lag.toLocaleString('en-US')} messages are not enriched yet: segments leave them out until \`buzon enrich\` runs`);
        await buildModels(context, { modelsDir: options.models, select: options.select, full: options.full });
        await context.warehouse.checkpoint();
      });
    });
}
