import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Warehouse } from '../db/warehouse.ts';
import { quoteIdent, quoteLiteral } from '../db/sql-identifiers.ts';
import { InputError, errorMessage } from '../core/errors.ts';
import type { Encoding } from './file-encoding.ts';
import { blankLines } from './text-cleaner.ts';

/** How buzon reads any CSV with DuckDB: all text, comma, RFC 4180 quotes, bad lines kept as rejects. */
export interface CsvSourceOptions {
  encoding: Encoding;
  displayName: string;
  delimiter?: string;
}

const MAX_LINE_BYTES = 64 * 1024 * 1024;

/**
 * DuckDB's CSV buffer defaults to 16 x max_line_size, here 1 GiB: more than the import's memory limit
 * (BUZON_MEMORY_LIMIT, 1GB), so every read failed "could not allocate block of size 1.0 GiB".
 */
function readCsvSql(extra = ''): string {
  return `read_csv($file, header = true, all_varchar = true, delim = $delim, quote = '"', escape = '"',
    encoding = $encoding, max_line_size = ${MAX_LINE_BYTES}, buffer_size = ${MAX_LINE_BYTES}, auto_detect = false ${extra})`;
}

/**
 * The header's column names, read from the file's first line in JS: DuckDB's sniffer gives up on files
 * whose later rows are ragged, and those must still load (with the ragged rows as rejects).
 */
export function readCsvHeader(headText: string, options: CsvSourceOptions): string[] {
  const firstLine = firstLineOfText(headText);
  if (!firstLine.trim()) throw new InputError('empty header line', { file: options.displayName, line: 1 });
  let names: string[];
  try {
    names = (parse(firstLine, { delimiter: options.delimiter ?? ',', relax_quotes: true }) as string[][])[0] ?? [];
  } catch (error) {
    throw new InputError(`cannot read the CSV header (${firstLineOf(error)})`, { file: options.displayName, line: 1 }, { cause: error });
  }
  const trimmed = names.map((n) => n.trim());
  const duplicate = trimmed.find((n, i) => trimmed.indexOf(n) !== i);
  if (duplicate !== undefined) throw new InputError(`column "${duplicate}" appears twice in the header`, { file: options.displayName, line: 1 });
  return trimmed.map((n, i) => n || `column${i + 1}`);
}

/** Line breaks inside a row's fields (the fields of a quoted multi-line text): 0 for most rows, found with a cheap scan. */
const NEWLINES = '__buzon_newlines';

/**
 * Loads the file so that `table` (a temp view) has `line`, the line the row starts on, and one
 * VARCHAR column per header column; lines DuckDB cannot parse go to `table_errors` with their line
 * numbers. Drop it with {@link dropCsvTable}.
 */
export async function loadCsvTable(
  warehouse: Warehouse, file: string, table: string, header: string[], options: CsvSourceOptions,
): Promise<void> {
  const columns = header.map((name) => `${quoteIdent(name)}: 'VARCHAR'`).join(', ');
  const parsed = quoteIdent(`${table}_parsed`);
  const errors = quoteIdent(`${table}_errors`);
  const scans = quoteIdent(`${table}_scans`);
  await dropCsvTable(warehouse, table);
  // Counted in JS while DuckDB parses: when the file's lines are exactly the rows' lines, no line was
  // rejected or blank and each row's line follows from the rows before it.
  const physicalLines = countLines(file);
  physicalLines.catch(() => {});
  try {
    await warehouse.run(
      `CREATE OR REPLACE TEMP TABLE ${parsed} AS
       SELECT *, ${newlinesSql(header)} AS ${NEWLINES} FROM ${readCsvSql(`, columns = {${columns}}, store_rejects = true,
         rejects_table = ${quoteLiteral(`${table}_errors`)}, rejects_scan = ${quoteLiteral(`${table}_scans`)}`)}`,
      params(file, options),
    );
  } catch (error) {
    // DuckDB cuts a rejected line kept in its rejects table at 10,000 bytes, sometimes inside a
    // character, and then fails (duckdb/duckdb#18980): name the first bad line instead.
    if (/Invalid unicode/i.test(errorMessage(error))) throw await firstCsvError(warehouse, file, columns, options, error);
    throw error;
  }
  await refuseUnclosedQuote(warehouse, table, options);
  const stats = await warehouse.one<{ lines: number; errors: number }>(
    `SELECT 1 + count(*) + coalesce(sum(${NEWLINES}), 0) AS lines, (SELECT count(*) FROM ${errors}) AS errors FROM ${parsed}`);
  if (stats!.errors === 0 && stats!.lines === (await physicalLines)) {
    // The running sum is ordered, so it runs on one thread: over one narrow column, then joined back,
    // the wide rows are read in parallel (a reader's insert through a running sum took ~1.5x as long).
    const lines = quoteIdent(`${table}_lines`);
    await warehouse.run(`CREATE OR REPLACE TEMP TABLE ${lines} AS SELECT rowid AS rid, ${baseLineSql} AS line FROM ${parsed}`);
    await warehouse.run(`CREATE OR REPLACE TEMP VIEW ${quoteIdent(table)} AS
      SELECT p.* EXCLUDE (${NEWLINES}), l.line FROM ${parsed} p JOIN ${lines} l ON l.rid = p.rowid`);
    return;
  }
  await warehouse.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(`${table}_blank`)} (line BIGINT)`);
  const blanks = await blankLines(file);
  if (blanks.length) {
    await warehouse.run(`INSERT INTO ${quoteIdent(`${table}_blank`)} SELECT unnest(string_split($lines, ','))::BIGINT`, { lines: blanks.join(',') });
  }
  await warehouse.run(lineNumbersSql(table));
}

/** Drops what {@link loadCsvTable} made of `table` (its rejects tables too). */
export async function dropCsvTable(warehouse: Warehouse, table: string): Promise<void> {
  await warehouse.run(`DROP VIEW IF EXISTS ${quoteIdent(table)};
    ${['parsed', 'errors', 'scans', 'blank', 'lines'].map((s) => `DROP TABLE IF EXISTS ${quoteIdent(`${table}_${s}`)};`).join(' ')}`);
}

function newlinesSql(header: string[]): string {
  if (!header.length) return '0';
  return header.map((h) => {
    const c = quoteIdent(h);
    return `CASE WHEN contains(${c}, chr(10)) THEN length(${c}) - length(replace(${c}, chr(10), '')) ELSE 0 END`;
  }).join(' + ');
}

/**
 * The line a row would start on if no line were rejected or blank: header line, plus the lines of the
 * rows before it (one each, more for quoted newlines). The table keeps the file's order (rowid), so
 * a running sum in scan order is enough.
 */
const baseLineSql = `2 + rowid + sum(${NEWLINES}) OVER (ROWS UNBOUNDED PRECEDING) - ${NEWLINES}`;

/**
 * Each good row's starting line when lines were rejected or blank: its base line plus the rejected
 * and blank lines before it, found with an ASOF join on the lines a row would have had without them.
 */
function lineNumbersSql(table: string): string {
  const errors = quoteIdent(`${table}_errors`);
  return `
    CREATE OR REPLACE TEMP VIEW ${quoteIdent(table)} AS
    WITH spans AS (
      SELECT * EXCLUDE (${NEWLINES}), ${baseLineSql} AS base_line FROM ${quoteIdent(`${table}_parsed`)}
    ), skipped AS (
      -- Lines that are not good rows: rejected records (as many lines as they span) and blank lines.
      SELECT line, 1 + length(raw) - length(replace(raw, chr(10), '')) AS lines
      FROM (SELECT line, rtrim(any_value(csv_line), chr(13) || chr(10)) AS raw FROM ${errors} GROUP BY line)
      UNION ALL
      SELECT line, 1 FROM ${quoteIdent(`${table}_blank`)} WHERE line NOT IN (SELECT line FROM ${errors})
    ), rejected AS (
      -- A good row would start at base_at if nothing were skipped before it; consecutive skips share
      -- a base_at: keep the last, which counts them all.
      SELECT base_at, max(before) AS before FROM (
        SELECT line - coalesce(sum(lines) OVER (ORDER BY line ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS base_at,
               sum(lines) OVER (ORDER BY line ROWS UNBOUNDED PRECEDING) AS before
        FROM skipped
      ) GROUP BY base_at
    )
    SELECT s.* EXCLUDE (base_line), s.base_line + coalesce(r.before, 0) AS line
    FROM spans s ASOF LEFT JOIN rejected r ON s.base_line >= r.base_at`;
}

/**
 * The file's lines as blankLines counts them (a line break is \n, \r\n or a lone \r; a last line
 * without one counts), with native searches for the breaks rather than a loop over every byte.
 */
export async function countLines(file: string): Promise<number> {
  let breaks = 0;
  let size = 0;
  let last = -1;
  let crAtEnd = false;
  for await (const piece of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const chunk = piece as Buffer;
    if (!chunk.length) continue;
    if (crAtEnd && chunk[0] !== 10) breaks++;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) breaks++;
    for (let i = chunk.indexOf(13); i !== -1; i = chunk.indexOf(13, i + 1)) {
      if (i + 1 < chunk.length && chunk[i + 1] !== 10) breaks++;
    }
    crAtEnd = chunk[chunk.length - 1] === 13;
    last = chunk[chunk.length - 1]!;
    size += chunk.length;
  }
  if (crAtEnd) breaks++;
  return size === 0 ? 0 : breaks + (last === 10 || last === 13 ? 0 : 1);
}

/**
 * A quote that never closes makes the rest of the file one field: one reject for what may be
 * thousands of rows. The file is refused instead, naming the line where the quote opens.
 */
async function refuseUnclosedQuote(warehouse: Warehouse, table: string, options: CsvSourceOptions): Promise<void> {
  const open = await warehouse.one<{ line: number }>(
    `SELECT line FROM ${quoteIdent(`${table}_errors`)}
     WHERE error_type = 'UNQUOTED VALUE' AND regexp_matches(csv_line, '[\r\n].')
     ORDER BY line LIMIT 1`);
  if (open) {
    throw new InputError(
      'a quoted field opens on this line and never closes, so every line after it would be read as one field; close or remove the quote and import again',
      { file: options.displayName, line: open.line },
    );
  }
}

/** The first line DuckDB's strict reader stops at, as a one-line InputError (no content: it may hold numbers). */
async function firstCsvError(warehouse: Warehouse, file: string, columns: string, options: CsvSourceOptions, cause: unknown): Promise<Error> {
  try {
    await warehouse.run(`SELECT count(*) FROM ${readCsvSql(`, columns = {${columns}}`)}`, params(file, options));
  } catch (error) {
    const message = errorMessage(error);
    const line = /CSV Error on Line: (\d+)/.exec(message)?.[1];
    const reason = /Expected Number of Columns: \d+ Found: \d+|unterminated quote|Maximum line size[^\n]*/i.exec(message)?.[0];
    if (line) {
      return new InputError(`this line is not valid CSV (${reason ?? 'unreadable'}) and a long rejected line cannot be kept; fix it and import again`,
        { file: options.displayName, line: Number(line) }, { cause: error });
    }
  }
  return new InputError('the file cannot be read as CSV (a line too long to keep as a reject)', { file: options.displayName }, { cause });
}

/** One row per rejected line: its line number, the raw line and DuckDB's reason. */
export function csvErrorsSql(table: string): string {
  return `SELECT line AS source_line, any_value(csv_line) AS raw,
            string_agg(DISTINCT error_type || coalesce(': ' || error_message, ''), '; ') AS reason
          FROM ${quoteIdent(`${table}_errors`)} GROUP BY line`;
}

function params(file: string, options: CsvSourceOptions) {
  return { file, delim: options.delimiter ?? ',', encoding: options.encoding };
}

function firstLineOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

/** The first line of a text, whatever its line endings (\r\n, \n or a lone \r). */
export function firstLineOfText(text: string): string {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/, 1)[0] ?? '';
}

/**
 * The delimiter of a header line: a comma, else a semicolon (Excel in locales whose decimal mark is
 * a comma), else a tab.
 */
export function headerDelimiter(headerLine: string): ',' | ';' | '\t' {
  if (headerLine.includes(',')) return ',';
  if (headerLine.includes(';')) return ';';
  return headerLine.includes('\t') ? '\t' : ',';
}

/** Header names compared without case or surrounding spaces. */
export function findColumn(header: string[], name: string): string | undefined {
  return header.find((h) => h.trim().toLowerCase() === name);
}
