import { listValue } from '@duckdb/node-api';
import type { BuzonContext } from '../db/context.ts';
import { quoteIdent } from '../db/sql-identifiers.ts';
import { DEFAULT_MODELS_DIR, loadModels, orderModels, type Model } from '../segment/model-catalog.ts';
import { materializeSql } from '../segment/sql-runner.ts';
import { DATA_DICTIONARY } from './data-dictionary.ts';

/** The analyst views' models (`sql/v_*.sql`), in dependency order. */
export function analystViewModels(dir = DEFAULT_MODELS_DIR): Model[] {
  return orderModels(loadModels(dir).filter((m) => m.name.startsWith('v_')));
}

/** Creates (or replaces) the analyst views alone, over tables already in the warehouse. */
export async function createAnalystViews(context: BuzonContext, dir = DEFAULT_MODELS_DIR): Promise<string[]> {
  const models = analystViewModels(dir);
  for (const model of models) await context.warehouse.run(materializeSql(model));
  return models.map((m) => m.name);
}

export interface CatalogColumn {
  name: string;
  type: string;
}

/** Each named table or view's columns and types from DuckDB's catalogue, in order; a missing one maps to []. */
export async function catalogColumns(context: BuzonContext, names: readonly string[]): Promise<Map<string, CatalogColumn[]>> {
  const rows = await context.warehouse.all<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT table_name, column_name, data_type FROM information_schema.columns
     WHERE table_schema = 'main' AND table_catalog = current_database() AND list_contains($names, table_name)
     ORDER BY table_name, ordinal_position`,
    { names: listValue([...names]) },
  );
  const byName = new Map<string, CatalogColumn[]>(names.map((n) => [n, []]));
  for (const row of rows) byName.get(row.table_name)?.push({ name: row.column_name, type: row.data_type });
  return byName;
}

/** The analyst views the warehouse lacks (not built yet). */
export async function missingAnalystViews(context: BuzonContext): Promise<string[]> {
  const columns = await catalogColumns(context, DATA_DICTIONARY.map((v) => v.name));
  return [...columns].filter(([, cols]) => cols.length === 0).map(([name]) => name);
}

/** Rows in a view or table (names come from the dictionary or catalogue, quoted anyway). */
export async function countRows(context: BuzonContext, name: string): Promise<number> {
  return context.warehouse.scalar<number>(`SELECT count(*) FROM ${quoteIdent(name)}`);
}
