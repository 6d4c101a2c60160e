import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { errorMessage } from '../core/errors.ts';
import type { BuzonContext } from '../db/context.ts';
import { catalogColumns } from './analyst-views.ts';
import { viewDoc } from './data-dictionary.ts';
import { writeQuery } from './query-output.ts';
import { parseParams, type QueryParams } from './query-runner.ts';
import { renderTable, type Sink, type TextFormat } from './result-format.ts';
import { splitStatements } from './sql-statements.ts';

export interface ReplOptions {
  context: BuzonContext;
  input: NodeJS.ReadableStream;
  output: Sink & { columns?: number };
  /** Where errors go (default: output). */
  errors?: Sink;
  /** Lines typed are kept here (mode 0600) and offered again next time; none when undefined. */
  historyFile?: string;
  /** A person at a terminal: prompts, line editing and arrow-key history. */
  terminal?: boolean;
  maxRows?: number;
}

const HISTORY_LINES = 1000;
const PROMPT = 'buzon> ';
const CONTINUE = '   ...> ';

const HELP = `Enter SQL ending with ; (it may span lines). Commands:
  .tables              tables and views (analyst views are the v_* ones)
  .schema NAME         columns and types of a table or view, with their meaning
  .format FORMAT       table (default), csv, json or ndjson
  .maxrows N           rows a table shows (default 100)
  .param NAME=VALUE    bind $NAME in later queries (.param alone lists them)
  .help                this text
  .quit                leave (or Ctrl-D)
`;

/** An interactive SQL prompt over the warehouse; returns when the input ends or on .quit. */
export async function runRepl(options: ReplOptions): Promise<void> {
  const { context, output } = options;
  const errors = options.errors ?? output;
  const history = options.historyFile ? readHistory(options.historyFile) : [];
  const rl = createInterface({
    input: options.input,
    output: options.terminal ? (output as NodeJS.WritableStream) : undefined,
    terminal: options.terminal ?? false,
    history: [...history].reverse(),
    historySize: HISTORY_LINES,
    removeHistoryDuplicates: true,
  });
  const state = { format: 'table' as TextFormat, maxRows: options.maxRows ?? 100, params: {} as QueryParams };
  let buffer = '';
  const prompt = () => {
    if (!options.terminal) return;
    rl.setPrompt(buffer ? CONTINUE : PROMPT);
    rl.prompt();
  };
  rl.on('SIGINT', () => {
    buffer = '';
    output.write('^C\n');
    prompt();
  });
  if (options.terminal) output.write(`buzon SQL on ${context.warehouse.path}${context.warehouse.readOnly ? ' (read-only)' : ''}. Type .help for help.\n`);
  prompt();
  try {
    for await (const line of rl) {
      if (options.historyFile && line.trim()) appendHistory(options.historyFile, line);
      if (!buffer && line.trim().startsWith('.')) {
        const done = await dotCommand(line.trim(), { context, output, errors, state });
        if (done) break;
        prompt();
        continue;
      }
      buffer += `${line}\n`;
      const split = splitStatements(buffer);
      buffer = split.rest ? buffer.slice(split.restStart) : '';
      for (const statement of split.statements) await runStatement(statement, { context, output, errors, state });
      prompt();
    }
    if (buffer.trim()) await runStatement(buffer, { context, output, errors, state });
  } finally {
    rl.close();
  }
}

interface ReplState {
  context: BuzonContext;
  output: Sink & { columns?: number };
  errors: Sink;
  state: { format: TextFormat; maxRows: number; params: QueryParams };
}

async function runStatement(sql: string, { context, output, errors, state }: ReplState): Promise<void> {
  try {
    await writeQuery(context, sql, state.params, state.format, output,
      { allowUnusedParams: true, maxRows: state.maxRows, maxWidth: output.columns || Infinity });
  } catch (error) {
    errors.write(`error: ${errorMessage(error).split('\n')[0]}\n`);
  }
}

/** Runs one `.command`; true when the REPL should end. */
async function dotCommand(line: string, repl: ReplState): Promise<boolean> {
  const { context, output, errors, state } = repl;
  const [command, ...args] = line.split(/\s+/);
  const arg = args.join(' ');
  switch (command) {
    case '.quit': case '.exit': case '.q':
      return true;
    case '.help':
      output.write(HELP);
      return false;
    case '.tables': {
      const rows = await context.warehouse.all<{ name: string; kind: string }>(
        `SELECT table_name AS name, CASE table_type WHEN 'VIEW' THEN 'view' ELSE 'table' END AS kind
         FROM information_schema.tables WHERE table_schema = 'main' AND table_catalog = current_database()
         ORDER BY starts_with(table_name, 'v_') DESC, table_name`);
      const cells = rows.map((r) => [r.name, r.kind, viewDoc(r.name)?.grain ?? '']);
      output.write(renderTable(['name', 'kind', 'one row per'], cells.map((c) => [c[0]!, c[1]!, c[2]!.replace(/^one row per /, '')]),
        [false, false, false], rows.length, output.columns || Infinity));
      return false;
    }
    case '.schema': {
      if (!arg) { errors.write('usage: .schema NAME (see .tables)\n'); return false; }
      const columns = (await catalogColumns(context, [arg])).get(arg) ?? [];
      if (!columns.length) { errors.write(`error: no table or view named ${arg} (see .tables)\n`); return false; }
      const doc = viewDoc(arg);
      if (doc) output.write(`${arg}: ${doc.description}\n`);
      output.write(renderTable(['column', 'type', 'meaning'], columns.map((c) => [c.name, c.type, doc?.columns[c.name] ?? '']),
        [false, false, false], columns.length, output.columns || Infinity));
      return false;
    }
    case '.format':
      if (['table', 'csv', 'json', 'ndjson'].includes(arg)) state.format = arg as TextFormat;
      else errors.write('usage: .format table|csv|json|ndjson\n');
      return false;
    case '.maxrows': {
      const n = Number(arg);
      if (Number.isInteger(n) && n > 0) state.maxRows = n;
      else errors.write('usage: .maxrows N (a positive whole number)\n');
      return false;
    }
    case '.param':
      if (!arg) {
        for (const [name, value] of Object.entries(state.params)) output.write(`$${name} = ${JSON.stringify(value)}\n`);
        return false;
      }
      try {
        Object.assign(state.params, parseParams([arg]));
      } catch (error) {
        errors.write(`error: ${errorMessage(error)}\n`);
      }
      return false;
    default:
      errors.write(`error: unknown command ${command} (try .help)\n`);
      return false;
  }
}

function readHistory(file: string): string[] {
  if (!existsSync(file)) return [];
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(-HISTORY_LINES);
  } catch {
    return [];
  }
}

/** Appends a line; trims the file to the last HISTORY_LINES lines now and then. */
function appendHistory(file: string, line: string): void {
  try {
    appendFileSync(file, `${line.replace(/\n/g, ' ')}\n`, { mode: 0o600 });
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    if (lines.length > HISTORY_LINES * 1.2) writeFileSync(file, `${lines.slice(-HISTORY_LINES).join('\n')}\n`, { mode: 0o600 });
  } catch {
    // History is a convenience: a read-only home folder must not stop the prompt.
  }
}
