import { createHash } from 'node:crypto';
import type { Warehouse } from '../db/warehouse.ts';
import { quoteIdent } from '../db/sql-identifiers.ts';

/**
 * What a model's inputs looked like when it was built, cheaply. A table written only by appending
 * import batches (it has a `batch_id` column) changes its row count or its batch-id sum whenever
 * rows come or go: new batches always carry a larger id. Any other table is summarised by its row
 * count and the sum of its rows' hashes, which is exact but reads the whole table.
 */
export interface TableInfo {
  name: string;
  type: 'BASE TABLE' | 'VIEW' | string;
  columns: string[];
}

export async function tableCatalog(warehouse: Warehouse): Promise<Map<string, TableInfo>> {
  const rows = await warehouse.all<{ name: string; type: string; columns: string[] }>(`
    SELECT t.table_name AS name, t.table_type AS type, list(c.column_name ORDER BY c.ordinal_position) AS columns
    FROM information_schema.tables t
    JOIN information_schema.columns c ON c.table_schema = t.table_schema AND c.table_name = t.table_name
    WHERE t.table_schema = 'main'
    GROUP BY ALL`);
  return new Map(rows.map((r) => [r.name, r]));
}

/** A fingerprint of a base table's content; a view that is not a model has none that can be trusted. */
export async function tableFingerprint(warehouse: Warehouse, table: TableInfo): Promise<string> {
  if (table.type === 'VIEW') return `view:${Math.random().toString(36).slice(2)}:${Date.now()}`;
  const name = quoteIdent(table.name);
  let sql: string;
  if (table.columns.includes('batch_id')) {
    const updated = table.columns.includes('updated_at') ? `, max(${quoteIdent('updated_at')})` : '';
    sql = `SELECT count(*), min(batch_id), max(batch_id), sum(batch_id)${updated} FROM ${name}`;
  } else {
    sql = `SELECT count(*), sum(hash(t)) FROM ${name} t`;
  }
  const row = await warehouse.one(sql);
  return digest(JSON.stringify(Object.values(row ?? {}).map(String)));
}

export function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
