import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.ts';
import type { CliIo } from '../cli-io.ts';
import { withContext } from '../command-context.ts';
import { lazy } from '../lazy-import.ts';

const exportLake = lazy(() => import('../../query/lake-export.ts'), 'exportLake');

export function registerExport(program: Command, io: CliIo): void {
  program
    .command('export')
    .description('Export the analyst views as a Parquet lake (hive-partitioned by month and state) with manifest.json.')
    .option('--parquet <dir>', 'folder for the lake: <dir>/<view>/…/*.parquet and <dir>/manifest.json')
    .option('--views <view...>', 'only these views (default: every analyst view)')
    .addHelpText('after', `
Read it back with DuckDB, Spark or Trino, e.g.
  SELECT * FROM read_parquet('lake/v_segments_issue_state/**/*.parquet', hive_partitioning = true);

Example:
  $ buzon export --parquet lake/`)
    .action(async (options: { parquet?: string; views?: string[] }, command: Command) => {
      if (!options.parquet) throw new UsageError('say where: buzon export --parquet DIR');
      await withContext(io, command, async (context) => {
        const manifest = await exportLake(context, resolve(io.cwd, options.parquet!), { views: options.views });
        const rows = manifest.views.reduce((sum, v) => sum + v.rows, 0);
        context.logger.info(`${manifest.views.length} views, ${rows.toLocaleString('en-US')} rows, manifest ${resolve(io.cwd, options.parquet!, 'manifest.json')}`);
      }, { readOnly: true });
    });
}
