import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliIo } from '../cli-io.ts';
import { withContext } from '../command-context.ts';
import { UsageError } from '../../core/errors.ts';
import { lazy } from '../lazy-import.ts';

const runRepl = lazy(() => import('../../query/sql-repl.ts'), 'runRepl');

export function registerSql(program: Command, io: CliIo): void {
  program
    .command('sql')
    .description('Interactive SQL prompt on the warehouse (read-only unless --write), with history and .commands.')
    .option('--write', 'open the warehouse read-write so statements may change it')
    .option('--history <file>', 'history file (default ~/.buzon_history, or BUZON_HISTORY)')
    .addHelpText('after', `
Inside: end statements with ; (they may span lines); .tables, .schema VIEW, .format csv, .param name=value, .help, .quit.

Example:
  $ buzon sql
  buzon> SELECT issue, sum(messages) FROM v_segments_issue_state
     ...> GROUP BY ALL ORDER BY 2 DESC;`)
    .action(async (options: { write?: boolean; history?: string }, command: Command) => {
      if (!io.stdin) throw new UsageError('buzon sql needs an input stream');
      const historyFile = options.history
        ? resolve(io.cwd, options.history)
        : io.env.BUZON_HISTORY || join(io.env.HOME || homedir(), '.buzon_history');
      await withContext(io, command, (context) => runRepl({
        context,
        input: io.stdin!,
        output: io.stdout,
        errors: io.stderr,
        historyFile,
        terminal: io.stdin!.isTTY === true && io.stdout.isTTY === true,
      }), { readOnly: !options.write });
    });
}
