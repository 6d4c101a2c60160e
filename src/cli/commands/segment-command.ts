import type { Command } from 'commander';
import type { TextFormat } from '../../query/result-format.ts';
import type { CliIo } from '../cli-io.ts';
import { withContext } from '../command-context.ts';
import { oneOf } from './option-parsers.ts';
import { lazy } from '../lazy-import.ts';

const formatResult = lazy(() => import('../../query/result-format.ts'), 'formatResult');
const deleteSegment = lazy(() => import('../../segment/segment-store.ts'), 'deleteSegment');
const listSegments = lazy(() => import('../../segment/segment-store.ts'), 'listSegments');
const saveSegment = lazy(() => import('../../segment/segment-store.ts'), 'saveSegment');

export function registerSegment(program: Command, io: CliIo): void {
  const segment = program
    .command('segment')
    .description('Saved segments: named audience filters, reused by `audience export --segment NAME` and by reports.');

  segment
    .command('save')
    .description('Save (or replace) a named segment; the filter is checked before it is saved.')
    .argument('<name>', 'letters, digits, _ and -')
    .requiredOption('--where <filter>', "the filter, as for `buzon audience export --where`")
    .addHelpText('after', `\nExample:\n  $ buzon segment save jovenes-nl --where "age_band = '18-24' and state = 'MX-NLE'"`)
    .action(async (name: string, options: { where: string }, command: Command) => {
      await withContext(io, command, async (context) => {
        const { replaced } = await saveSegment(context.warehouse, name, options.where);
        context.logger.info(`${replaced ? 'replaced' : 'saved'} segment ${name}`);
      });
    });

  segment
    .command('list')
    .description('The saved segments with their filters.')
    .option('--format <format>', 'table | csv | json', oneOf(['table', 'csv', 'json'] as const), 'table')
    .action(async (options: { format: TextFormat }, command: Command) => {
      await withContext(io, command, async (context) => {
        const segments = await listSegments(context.warehouse);
        const rows = segments.map((s) => [s.name, s.where_text, s.created_by, s.updated_at]);
        io.stdout.write(await formatResult({ columns: ['name', 'where', 'created_by', 'updated_at'], rows }, options.format, { maxWidth: io.stdout.columns ?? 120, maxRows: 100_000 }));
      }, { readOnly: true });
    });

  segment
    .command('delete')
    .description('Delete a saved segment.')
    .argument('<name>')
    .action(async (name: string, _options: unknown, command: Command) => {
      await withContext(io, command, async (context) => {
        await deleteSegment(context.warehouse, name);
        context.logger.info(`deleted segment ${name}`);
      });
    });
}
