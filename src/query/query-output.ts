import type { BuzonContext } from '../db/context.ts';
import { writeArrowStream } from './arrow-writer.ts';
import { streamQuery, streamQueryText, type QueryParams, type RunOptions } from './query-runner.ts';
import { writeResult, type Sink, type TableOptions, type TextFormat } from './result-format.ts';

/**
 * Runs SQL and streams its rows to the sink in a format; returns the row count. Table and CSV
 * read DuckDB's own text for each value; JSON and Arrow read typed values.
 */
export async function writeQuery(
  context: BuzonContext, sql: string, params: QueryParams, format: TextFormat | 'arrow', sink: Sink,
  options: TableOptions & RunOptions = {},
): Promise<number> {
  if (format === 'table' || format === 'csv') {
    const { result, types } = await streamQueryText(context, sql, params, options);
    return writeResult(result, format, sink, { ...options, columnTypes: types });
  }
  const result = await streamQuery(context, sql, params, options);
  return format === 'arrow' ? writeArrowStream(result, sink) : writeResult(result, format, sink, options);
}
