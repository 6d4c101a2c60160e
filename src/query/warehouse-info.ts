import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { BuzonContext } from '../db/context.ts';
import type { Database } from '../db/database-types.ts';
import { kyselyFor } from '../db/kysely-dialect.ts';

/** What a dictionary or an export says about where it came from. */
export interface WarehouseInfo {
  buzonVersion: string;
  schemaVersion: number;
  duckdbVersion: string;
  kAnonymity: number;
}

export function buzonVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

export async function warehouseInfo(context: BuzonContext): Promise<WarehouseInfo> {
  const db = kyselyFor<Database>(context.warehouse);
  const schema = await db.selectFrom('schema_version').select((eb) => eb.fn.max('version').as('version')).executeTakeFirst();
  const k = await db.selectFrom('settings').select('value').where('key', '=', 'k_anonymity').executeTakeFirst();
  const { rows } = await sql<{ version: string }>`SELECT version() AS version`.execute(db);
  return {
    buzonVersion: buzonVersion(),
    schemaVersion: Number(schema?.version ?? 0),
    duckdbVersion: rows[0]?.version ?? 'unknown',
    kAnonymity: Number(k?.value ?? 10),
  };
}
