import { createHash } from 'node:crypto';
import type { Warehouse } from '../db/warehouse.ts';
import { quoteIdent } from '../db/sql-identifiers.ts';

/**
 * What a model's inputs looked like when it was built, cheaply. A table whose writer records a
 * version in table_versions is summarised by that version and its row count. A table written only
 * by appending import batches (it has a `batch_id` column) changes its row count or its batch-id
 * sum whenever rows come or go: new batches always carry a larger id. Any other table is
 * summarised by its row count and the sum of its rows' hashes, which is exact but reads it all.
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
export async function tableFingerprint(warehouse: Warehouse, table: TableInfo, version?: string): Promise<string> {
  if (table.type === 'VIEW') return `view:${Math.random().toString(36).slice(2)}:${Date.now()}`;
  const name = quoteIdent(table.name);
  let sql: string;
  if (version !== undefined) {
    const rows = await warehouse.scalar<number>(`SELECT count(*) FROM ${name}`);
    return digest(`version:${version}:${rows}`);
  }
  if (table.columns.includes('batch_id')) {
    const updated = table.columns.includes('updated_at') ? `, max(${quoteIdent('updated_at')})` : '';
    sql = `SELECT count(*), min(batch_id), max(batch_id), sum(batch_id)${updated} FROM ${name}`;
  } else {
    sql = `SELECT count(*), sum(hash(t)) FROM ${name} t`;
  }
  const row = await warehouse.one(sql);
  return digest(JSON.stringify(Object.values(row ?? {}).map(String)));
}

/** Versions recorded by the commands that rewrite tables (table_versions, migration 005), if any. */
export async function tableVersions(warehouse: Warehouse, catalog: Map<string, TableInfo>): Promise<Map<string, string>> {
  if (!catalog.has('table_versions')) return new Map();
  const rows = await warehouse.all<{ table_name: string; version: string }>('SELECT table_name, version FROM table_versions');
  return new Map(rows.map((r) => [r.table_name, r.version]));
}

/**
 * For a command that rewrites a table wholesale (as `buzon enrich` does): call inside the same
 * transaction, and `buzon build` fingerprints the table by this version and its row count instead
 * of hashing every row.
 */
export async function bumpTableVersion(warehouse: Warehouse, table: string): Promise<void> {
  await warehouse.run(
    `INSERT INTO table_versions (table_name, version, written_at) VALUES ($table, CAST(uuid() AS VARCHAR), now())
     ON CONFLICT (table_name) DO UPDATE SET version = excluded.version, written_at = excluded.written_at`,
    { table },
  );
}

export function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
