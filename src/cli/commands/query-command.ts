import type { Command } from 'commander';
import { runQuery } from '../../query/query-runner.ts';
import { formatResult, type OutputFormat } from '../../query/result-format.ts';
import type { CliIo } from '../cli-io.ts';
import { withContext } from '../command-context.ts';
import { oneOf } from './option-parsers.ts';

export function registerQuery(program: Command, io: CliIo): void {
  program
    .command('query')
    .description('Run SQL against the warehouse (read-only) and print the result.')
    .argument('<sql>', 'the SQL; $name placeholders take --param name=value')
    .option('--format <format>', 'table | csv | json', oneOf(['table', 'csv', 'json'] as const), 'table')
    .option('--param <name=value...>', 'bound parameters, never pasted into the SQL')
    .addHelpText('after', `
Examples:
  $ buzon query "SELECT day, messages FROM messages_per_day WHERE direction = 'in'"
  $ buzon query "SELECT count(*) FROM messages WHERE sent_at >= \\$since" --param since=2026-09-15 --format csv`)
    .action(async (sql: string, options: { format: OutputFormat; param?: string[] }, command: Command) => {
      const params: Record<string, string> = {};
      for (const pair of options.param ?? []) {
        const eq = pair.indexOf('=');
        if (eq <= 0) command.error(`error: --param expects name=value, got "${pair}"`, { exitCode: 2 });
        params[pair.slice(0, eq)] = pair.slice(eq + 1);
      }
      await withContext(io, command, async (context) => {
        const result = await runQuery(context, sql, params);
        io.stdout.write(formatResult(result, options.format, { maxWidth: io.stdout.columns ?? 120 }));
      }, { readOnly: true });
    });
}
