import { plainValue } from '../db/warehouse.ts';

export interface QueryResult {
  columns: string[];
  rows: unknown[][];
}

export type OutputFormat = 'table' | 'csv' | 'json';

export function formatResult(result: QueryResult, format: OutputFormat, options: { maxWidth?: number; maxRows?: number } = {}): string {
  switch (format) {
    case 'csv': return toCsv(result);
    case 'json': return `${JSON.stringify(result.rows.map((row) => rowObject(result.columns, row)), null, 2)}\n`;
    case 'table': return toTable(result, options.maxWidth ?? 120, options.maxRows ?? 40);
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

function toTable(result: QueryResult, maxWidth: number, maxRows: number): string {
  const shown = result.rows.slice(0, maxRows);
  const cells = shown.map((row) => row.map((v) => cellText(v).replace(/\s+/g, ' ')));
  const numeric = result.columns.map((_, i) => shown.every((row) => row[i] === null || typeof plainValue(row[i]) === 'number'));
  let widths = result.columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
  widths = fitWidths(widths, maxWidth);
  const fit = (text: string, i: number) => {
    const w = widths[i]!;
    const clipped = text.length > w ? `${text.slice(0, Math.max(0, w - 1))}…` : text;
    return numeric[i] ? clipped.padStart(w) : clipped.padEnd(w);
  };
  const lines = [
    result.columns.map(fit).join(' │ '),
    widths.map((w) => '─'.repeat(w)).join('─┼─'),
    ...cells.map((row) => row.map(fit).join(' │ ')),
  ];
  const hidden = result.rows.length - shown.length;
  lines.push(`(${result.rows.length} row${result.rows.length === 1 ? '' : 's'}${hidden > 0 ? `, ${hidden} not shown` : ''})`);
  return `${lines.map((l) => l.trimEnd()).join('\n')}\n`;
}

/** Shrinks the widest columns first until the table fits the terminal. */
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
