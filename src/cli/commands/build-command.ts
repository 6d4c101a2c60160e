import type { Command } from 'commander';
import { buildModels } from '../../segment/sql-runner.ts';
import type { CliIo } from '../cli-io.ts';
import { withContext } from '../command-context.ts';

export function registerBuild(program: Command, io: CliIo): void {
  program
    .command('build')
    .description('Build the SQL models in sql/ in dependency order; one line per model with its rows and time.')
    .option('--models <dir>', 'folder of model .sql files (default: the sql/ folder shipped with buzon)')
    .option('--select <model...>', 'build only these models')
    .addHelpText('after', '\nExample:\n  $ buzon build\n  $ buzon build --select messages_per_day')
    .action(async (options: { models?: string; select?: string[] }, command: Command) => {
      await withContext(io, command, async (context) => {
        await buildModels(context, { modelsDir: options.models, select: options.select });
        await context.warehouse.checkpoint();
      });
    });
}
