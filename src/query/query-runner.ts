import { QueryError, errorMessage } from '../core/errors.ts';
import type { BuzonContext } from '../db/context.ts';
import type { QueryResult } from './result-format.ts';

/** Runs one analyst query with bound named parameters (`$name`), never pasted into the SQL. */
export async function runQuery(context: BuzonContext, sql: string, params: Record<string, string> = {}): Promise<QueryResult> {
  try {
    const reader = await context.warehouse.connection.runAndReadAll(sql, Object.keys(params).length ? params : undefined);
    return { columns: reader.columnNames(), rows: reader.getRowsJS() as unknown[][] };
  } catch (error) {
    const message = errorMessage(error);
    if (/read-only|read only/i.test(message)) {
      throw new QueryError('the warehouse is open read-only: this statement would change it (pass --write to allow changes)', { sql }, { cause: error });
    }
    throw new QueryError(message.split('\n')[0]!, { sql }, { cause: error });
  }
}
