import { createWriteStream, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ConfigError, UsageError } from '../../core/errors.ts';
import type { BuzonContext } from '../../db/context.ts';
import type { QueryParams } from '../../query/query-runner.ts';
import { OUTPUT_FORMATS, type OutputFormat } from '../../query/output-formats.ts';
import type { Sink } from '../../query/result-format.ts';
import type { CliIo } from '../cli-io.ts';
import { withContext } from '../command-context.ts';
import { oneOf, positiveInt } from './option-parsers.ts';
import { lazy } from '../lazy-import.ts';

const writeQuery = lazy(() => import('../../query/query-output.ts'), 'writeQuery');
const copyQueryToFile = lazy(() => import('../../query/query-runner.ts'), 'copyQueryToFile');
const parseParams = lazy(() => import('../../query/query-runner.ts'), 'parseParams');

interface QueryOptions {
  file?: string;
  format: OutputFormat;
  out?: string;
  param?: string[];
  write?: boolean;
  maxRows: number;
}

export function registerQuery(program: Command, io: CliIo): void {
  program
    .command('query')
    .description('Run SQL against the warehouse (read-only unless --write) and print or write the result.')
    .argument('[sql]', 'the SQL (or -f FILE, or SQL on stdin); $name placeholders take --param name=value')
    .option('-f, --file <file>', "read the SQL from a file ('-' for stdin)")
    .option('--format <format>', OUTPUT_FORMATS.join(' | '), oneOf(OUTPUT_FORMATS), 'table')
    .option('-o, --out <file>', 'write the result to a file instead of stdout (required for parquet)')
    .option('-p, --param <name=value>', 'bind $name to value (repeatable); never pasted into the SQL', collect)
    .option('--write', 'open the warehouse read-write so the SQL may change it')
    .option('--max-rows <n>', 'rows a table shows', positiveInt, 100)
    .addHelpText('after', `
Parameters are bound as text: cast them in SQL when you need another type ($n::INTEGER).
The analyst views (v_messages, v_contacts, v_segments_*, …) are described by \`buzon docs\`.

Examples:
  $ buzon query "SELECT issue, sum(messages) AS messages FROM v_segments_issue_state GROUP BY ALL ORDER BY 2 DESC"
  $ buzon query "SELECT * FROM v_messages WHERE state_code = \\$state LIMIT 20" --param state=MX-NLE
  $ buzon query -f weekly.sql --format csv --out weekly.csv
  $ buzon query "SELECT * FROM v_segments_cube" --format parquet --out cube.parquet
  $ echo "SELECT count(*) FROM v_messages" | buzon query --format json`)
    .action(async (sqlArg: string | undefined, options: QueryOptions, command: Command) => {
      const sql = await readSql(io, sqlArg, options.file);
      const params = await parseParams(options.param);
      checkOutput(io, options);
      await withContext(io, command, (context) => runQueryCommand(io, context, sql, params, options), { readOnly: !options.write });
    });
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

async function runQueryCommand(io: CliIo, context: BuzonContext, sql: string, params: QueryParams, options: QueryOptions): Promise<void> {
  const out = options.out ? resolve(io.cwd, options.out) : undefined;
  if (options.format === 'parquet') {
    const rows = await copyQueryToFile(context, sql, params, out!, 'parquet');
    context.logger.info(`wrote ${rows.toLocaleString('en-US')} rows to ${options.out}`);
    return;
  }
  const file = out ? createWriteStream(out) : undefined;
  const sink: Sink = file ?? io.stdout;
  try {
    const rows = await writeQuery(context, sql, params, options.format, sink, { maxRows: options.maxRows, maxWidth: terminalWidth(io) });
    if (file) context.logger.info(`wrote ${rows.toLocaleString('en-US')} rows to ${options.out}`);
  } finally {
    if (file) await new Promise<void>((done, fail) => file.end((error?: Error | null) => (error ? fail(error) : done())));
  }
}

function checkOutput(io: CliIo, options: QueryOptions): void {
  if (options.format === 'parquet' && !options.out) throw new UsageError('--format parquet needs --out FILE.parquet');
  if (options.format === 'arrow' && !options.out && io.stdout.isTTY) {
    throw new UsageError('--format arrow writes binary Arrow IPC: pass --out FILE.arrows or redirect stdout');
  }
}

/** Tables fit the terminal; piped output is not cut. */
function terminalWidth(io: CliIo): number {
  if (io.stdout.columns) return io.stdout.columns;
  return Number(io.env.COLUMNS) || Infinity;
}

async function readSql(io: CliIo, sqlArg: string | undefined, file: string | undefined): Promise<string> {
  if (sqlArg !== undefined && file !== undefined) throw new UsageError('give the SQL as an argument or with -f FILE, not both');
  if (sqlArg !== undefined) return sqlArg;
  if (file !== undefined && file !== '-') {
    try {
      return readFileSync(resolve(io.cwd, file), 'utf8');
    } catch (error) {
      throw new ConfigError(`${file}: cannot read the SQL file (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
    }
  }
  if (!io.stdin || (io.stdin.isTTY && file !== '-')) {
    throw new UsageError('no SQL: give it as an argument, with -f FILE, or on stdin');
  }
  return readAll(io.stdin);
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(parts).toString('utf8');
}
