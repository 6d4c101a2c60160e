import {
  DuckDBTypeId, JSDuckDBValueConverter, type DuckDBDataChunk, type DuckDBResult, type DuckDBType,
} from '@duckdb/node-api';
import { plainValue } from '../db/warehouse.ts';

export interface QueryResult {
  columns: string[];
  rows: unknown[][];
}

export { OUTPUT_FORMATS, type OutputFormat } from './output-formats.ts';
import type { OutputFormat } from './output-formats.ts';
/** Formats rendered here from a stream of rows (parquet is written by DuckDB, arrow by arrow-writer.ts). */
export type TextFormat = 'table' | 'csv' | 'json' | 'ndjson';

/** Where output goes: a process stream, a file stream or a test buffer. */
export interface Sink {
  write(chunk: string | Uint8Array): unknown;
  once?(event: 'drain', listener: () => void): unknown;
}

export interface TableOptions {
  /** Characters per line; wider tables shrink their widest columns (default: no limit). */
  maxWidth?: number;
  /** Rows shown; the footer says how many more there were (default 100). */
  maxRows?: number;
  /** The query's own column types when the result holds them as text (streamQueryText). */
  columnTypes?: DuckDBType[];
}

/** Writes, waiting for 'drain' when the sink's buffer is full, so a large result does not pile up in memory. */
export async function writeTo(sink: Sink, chunk: string | Uint8Array): Promise<void> {
  const ok = sink.write(chunk);
  if (ok === false && sink.once) await new Promise<void>((resolve) => sink.once!('drain', resolve));
}

/** Streams a DuckDB result to the sink; returns the number of rows. */
export async function writeResult(result: DuckDBResult, format: TextFormat, sink: Sink, options: TableOptions = {}): Promise<number> {
  const columns = result.deduplicatedColumnNames();
  const types = result.columnTypes();
  if (format === 'table') return writeTable(result, columns, types, sink, options);
  let rows = 0;
  let first = true;
  if (format === 'csv') await writeTo(sink, `${columns.map(csvCell).join(',')}\n`);
  if (format === 'json') await writeTo(sink, '[');
  for await (const chunk of chunks(result)) {
    const lines: string[] = [];
    if (format === 'csv') {
      const text = textColumns(chunk, types);
      for (let r = 0; r < chunk.rowCount; r++) lines.push(text.map((col) => csvCell(neutraliseFormula(col[r] ?? ''))).join(','));
    } else {
      const values = jsonColumns(chunk, types);
      for (let r = 0; r < chunk.rowCount; r++) {
        const row: Record<string, unknown> = {};
        columns.forEach((name, c) => { row[name] = values[c]![r]; });
        lines.push(JSON.stringify(row));
      }
    }
    rows += chunk.rowCount;
    if (!lines.length) continue;
    if (format === 'json') {
      await writeTo(sink, `${first ? '\n' : ',\n'}${lines.join(',\n')}`);
      first = false;
    } else {
      await writeTo(sink, `${lines.join('\n')}\n`);
    }
  }
  if (format === 'json') await writeTo(sink, first ? ']\n' : '\n]\n');
  return rows;
}

async function* chunks(result: DuckDBResult): AsyncGenerator<DuckDBDataChunk> {
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) return;
    yield chunk;
  }
}

async function writeTable(result: DuckDBResult, columns: string[], types: DuckDBType[], sink: Sink, options: TableOptions): Promise<number> {
  const maxRows = options.maxRows ?? 100;
  const shown: string[][] = [];
  let total = 0;
  for await (const chunk of chunks(result)) {
    if (shown.length < maxRows) {
      const text = textColumns(chunk, types);
      for (let r = 0; r < chunk.rowCount && shown.length < maxRows; r++) shown.push(text.map((col) => col[r] ?? ''));
    }
    total += chunk.rowCount;
  }
  const numeric = (options.columnTypes ?? types).map((t) => NUMERIC.has(t.typeId));
  await writeTo(sink, renderTable(columns, shown, numeric, total, options.maxWidth ?? Infinity));
  return total;
}

const NUMERIC = new Set<DuckDBTypeId>([
  DuckDBTypeId.TINYINT, DuckDBTypeId.SMALLINT, DuckDBTypeId.INTEGER, DuckDBTypeId.BIGINT, DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UTINYINT, DuckDBTypeId.USMALLINT, DuckDBTypeId.UINTEGER, DuckDBTypeId.UBIGINT, DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.FLOAT, DuckDBTypeId.DOUBLE, DuckDBTypeId.DECIMAL,
]);

/** Each column as DuckDB's own text (as its CLI prints it); NULL is ''. */
export function textColumns(chunk: DuckDBDataChunk, types: DuckDBType[]): (string | undefined)[][] {
  return types.map((_, c) => chunk.getColumnValues(c).map((v) => (v === null ? undefined : String(v))));
}

/** Each column as JSON-ready values: numbers where exact, instants in ISO 8601 UTC, other dates and times as DuckDB writes them. */
export function jsonColumns(chunk: DuckDBDataChunk, types: DuckDBType[]): unknown[][] {
  return types.map((type, c) => {
    switch (type.typeId) {
      case DuckDBTypeId.TIMESTAMP_TZ:
        return chunk.convertColumnValues(c, JSDuckDBValueConverter).map((v) => (v instanceof Date ? v.toISOString() : v));
      case DuckDBTypeId.DATE: case DuckDBTypeId.TIMESTAMP: case DuckDBTypeId.TIMESTAMP_S: case DuckDBTypeId.TIMESTAMP_MS:
      case DuckDBTypeId.TIMESTAMP_NS: case DuckDBTypeId.TIME: case DuckDBTypeId.TIME_TZ: case DuckDBTypeId.INTERVAL:
      case DuckDBTypeId.UUID: case DuckDBTypeId.BLOB: case DuckDBTypeId.BIT:
        return chunk.getColumnValues(c).map((v) => (v === null ? null : String(v)));
      default:
        return chunk.convertColumnValues(c, JSDuckDBValueConverter).map(jsonValue);
    }
  });
}

/** Aligned columns (numbers to the right), shrunk to maxWidth, with a footer counting rows not shown. */
export function renderTable(columns: string[], cells: string[][], numeric: boolean[], totalRows: number, maxWidth: number): string {
  const clean = cells.map((row) => row.map((v) => v.replace(/\s+/g, ' ')));
  let widths = columns.map((c, i) => Math.max(c.length, ...clean.map((r) => r[i]!.length)));
  widths = fitWidths(widths, maxWidth);
  const fit = (text: string, i: number) => {
    const w = widths[i]!;
    const clipped = text.length > w ? `${text.slice(0, Math.max(0, w - 1))}…` : text;
    return numeric[i] ? clipped.padStart(w) : clipped.padEnd(w);
  };
  const lines = [
    columns.map(fit).join(' │ '),
    widths.map((w) => '─'.repeat(w)).join('─┼─'),
    ...clean.map((row) => row.map(fit).join(' │ ')),
  ].map((l) => l.trimEnd());
  const hidden = totalRows - cells.length;
  const tooNarrow = lines.some((l) => l.length > maxWidth);
  const clippedLines = tooNarrow ? lines.map((l) => (l.length > maxWidth ? `${l.slice(0, maxWidth - 1)}…` : l)) : lines;
  clippedLines.push(`(${totalRows} row${totalRows === 1 ? '' : 's'}${hidden > 0 ? `, ${hidden} not shown: use --max-rows N or --format csv` : ''})`);
  return `${clippedLines.join('\n')}\n`;
}

/** Shrinks the widest columns first until the table fits (no column below 6 characters). */
function fitWidths(widths: number[], maxWidth: number): number[] {
  const result = [...widths];
  const total = () => result.reduce((a, b) => a + b, 0) + 3 * (result.length - 1);
  while (total() > maxWidth) {
    const widest = result.indexOf(Math.max(...result));
    if (result[widest]! <= 6) break;
    result[widest]! -= 1;
  }
  return result;
}

/** An in-memory result as text (used where rows are already read). */
export function formatResult(result: QueryResult, format: TextFormat, options: TableOptions = {}): string {
  switch (format) {
    case 'csv': return toCsv(result);
    case 'json': return `${JSON.stringify(result.rows.map((row) => rowObject(result.columns, row)), null, 2)}\n`;
    case 'ndjson': return result.rows.map((row) => `${JSON.stringify(rowObject(result.columns, row))}\n`).join('');
    case 'table': {
      const maxRows = options.maxRows ?? 100;
      const shown = result.rows.slice(0, maxRows);
      const numeric = result.columns.map((_, i) => shown.length > 0 && shown.every((row) => row[i] === null || typeof plainValue(row[i]) === 'number'));
      return renderTable(result.columns, shown.map((row) => row.map(cellText)), numeric, result.rows.length, options.maxWidth ?? Infinity);
    }
  }
}

export function rowObject(columns: string[], row: unknown[]): Record<string, unknown> {
  return Object.fromEntries(columns.map((c, i) => [c, jsonValue(row[i])]));
}

export function jsonValue(value: unknown): unknown {
  const plain = plainValue(value);
  if (plain instanceof Date) return plain.toISOString();
  if (plain instanceof Uint8Array) return Buffer.from(plain).toString('hex');
  return plain;
}

export function cellText(value: unknown): string {
  const plain = jsonValue(value);
  if (plain === null || plain === undefined) return '';
  if (typeof plain === 'object') return JSON.stringify(plain);
  return String(plain);
}

/** RFC 4180 CSV; cells that a spreadsheet would run as a formula are prefixed with a quote. */
export function toCsv(result: QueryResult): string {
  const lines = [result.columns.map(csvCell).join(',')];
  for (const row of result.rows) lines.push(row.map((v) => csvCell(neutraliseFormula(cellText(v)))).join(','));
  return `${lines.join('\n')}\n`;
}

export function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Spreadsheet formula injection: a cell starting with = + - @ tab or CR is shown as text. */
export function neutraliseFormula(text: string): string {
  if (/^[=+\-@\t\r]/.test(text) && !/^[+-]?\d+(\.\d+)?$/.test(text)) return `'${text}`;
  return text;
}
