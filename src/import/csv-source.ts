import { parse } from 'csv-parse/sync';
import type { Warehouse } from '../db/warehouse.ts';
import { quoteIdent, quoteLiteral } from '../db/sql-identifiers.ts';
import { InputError } from '../core/errors.ts';
import type { Encoding } from './file-encoding.ts';

/** How buzon reads any CSV with DuckDB: all text, comma, RFC 4180 quotes, bad lines kept as rejects. */
export interface CsvSourceOptions {
  encoding: Encoding;
  displayName: string;
  delimiter?: string;
}

const MAX_LINE_BYTES = 64 * 1024 * 1024;

function readCsvSql(extra = ''): string {
  return `read_csv($file, header = true, all_varchar = true, delim = $delim, quote = '"', escape = '"',
    encoding = $encoding, max_line_size = ${MAX_LINE_BYTES}, auto_detect = false ${extra})`;
}

/**
 * The header's column names, read from the file's first line in JS: DuckDB's sniffer gives up on files
 * whose later rows are ragged, and those must still load (with the ragged rows as rejects).
 */
export function readCsvHeader(headText: string, options: CsvSourceOptions): string[] {
  const firstLine = headText.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
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

/**
 * Loads the file into `table` (a temp table) with `rn`, the data row's ordinal, `line`, the line the
 * row starts on, and one VARCHAR column per header column; lines DuckDB cannot parse go to
 * `table_errors` with their line numbers.
 */
export async function loadCsvTable(
  warehouse: Warehouse, file: string, table: string, header: string[], options: CsvSourceOptions,
): Promise<void> {
  const columns = header.map((name) => `${quoteIdent(name)}: 'VARCHAR'`).join(', ');
  const errors = quoteIdent(`${table}_errors`);
  const scans = quoteIdent(`${table}_scans`);
  await warehouse.run(`DROP TABLE IF EXISTS ${errors}; DROP TABLE IF EXISTS ${scans}`);
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE ${quoteIdent(`${table}_parsed`)} AS
     SELECT row_number() OVER () AS rn, * FROM ${readCsvSql(`, columns = {${columns}}, store_rejects = true,
       rejects_table = ${quoteLiteral(`${table}_errors`)}, rejects_scan = ${quoteLiteral(`${table}_scans`)}`)}`,
    params(file, options),
  );
  await warehouse.run(lineNumbersSql(table, header));
  await warehouse.run(`DROP TABLE ${quoteIdent(`${table}_parsed`)}`);
}

/**
 * Each good row's starting line: header line, plus the lines of the rows before it (one each, more
 * for quoted newlines), plus the rejected lines before it, found with an ASOF join on the lines a
 * row would have had without rejects.
 */
function lineNumbersSql(table: string, header: string[]): string {
  const newlines = header.length
    ? header.map((h) => `coalesce(length(${quoteIdent(h)}) - length(replace(${quoteIdent(h)}, chr(10), '')), 0)`).join(' + ')
    : '0';
  return `
    CREATE OR REPLACE TEMP TABLE ${quoteIdent(table)} AS
    WITH spans AS (
      SELECT *, 2 + coalesce(sum(1 + (${newlines})) OVER (ORDER BY rn ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS base_line
      FROM ${quoteIdent(`${table}_parsed`)}
    ), rejected AS (
      SELECT line - (row_number() OVER (ORDER BY line) - 1) AS base_at, row_number() OVER (ORDER BY line) AS before
      FROM (SELECT DISTINCT line FROM ${quoteIdent(`${table}_errors`)})
    )
    SELECT s.* EXCLUDE (base_line), s.base_line + coalesce(r.before, 0) AS line
    FROM spans s ASOF LEFT JOIN rejected r ON s.base_line >= r.base_at
    ORDER BY s.rn`;
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

/** Header names compared without case or surrounding spaces. */
export function findColumn(header: string[], name: string): string | undefined {
  return header.find((h) => h.trim().toLowerCase() === name);
}
