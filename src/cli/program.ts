import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { BuzonError, UsageError } from '../core/errors.ts';
import type { CliIo } from './cli-io.ts';
import { registerCommands } from './commands/index.ts';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export function buildProgram(io: CliIo): Command {
  const program = new Command('buzon')
    .description('Voter-message segmentation warehouse: import message exports into DuckDB, enrich, segment, report, query.')
    .version(VERSION)
    .option('--db <file>', 'warehouse file (DuckDB)', io.env.BUZON_DB || 'buzon.duckdb')
    .option('--key-file <file>', "warehouse secret key file (default: BUZON_KEY_FILE or '<db>.key')")
    .option('-v, --verbose', 'more detail; stack traces on errors')
    .option('-q, --quiet', 'no progress or summaries on stderr')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .exitOverride();
  program.addHelpText('after', `
Examples:
  $ buzon demo                                  # sample data -> warehouse -> report, in ./demo
  $ buzon import messages.csv --contacts contacts.csv
  $ buzon build && buzon report --out report/
  $ buzon query "SELECT count(*) FROM messages"

The warehouse is --db (default buzon.duckdb, or BUZON_DB); its secret key sits beside it as <db>.key.`);
  registerCommands(program, io);
  return program;
}

/** Runs the CLI and returns the exit code: 0 ok, 1 user error, 2 usage. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    return reportError(error, io, argv.includes('--verbose') || argv.includes('-v'));
  }
}

function reportError(error: unknown, io: CliIo, verbose: boolean): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
    return error.exitCode === 0 ? 0 : 2;
  }
  const color = io.stderr.isTTY === true && !io.env.NO_COLOR;
  const prefix = color ? '\x1b[31merror:\x1b[0m' : 'error:';
  if (error instanceof BuzonError) {
    io.stderr.write(`${prefix} ${error.message.split('\n')[0]}\n`);
    if (verbose && error.stack) io.stderr.write(`${error.stack}\n`);
    return error instanceof UsageError ? 2 : error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`${prefix} ${message.split('\n')[0]}\n`);
  if (verbose && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  else io.stderr.write('(unexpected error; run with --verbose for details)\n');
  return 1;
}
