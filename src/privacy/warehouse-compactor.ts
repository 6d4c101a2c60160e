import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { quoteIdent, quoteLiteral } from '../db/sql-identifiers.ts';
import type { Warehouse } from '../db/warehouse.ts';

export interface CompactResult {
  bytesBefore: number;
  bytesAfter: number;
  ms: number;
}

/**
 * DuckDB never overwrites a freed block: after DELETE, VACUUM, CHECKPOINT or even CREATE OR REPLACE
 * TABLE ... AS SELECT, the old rows' bytes stay in the file until the block happens to be reused.
 * Copying the database into a fresh file (COPY FROM DATABASE: tables, views, sequences, constraints)
 * and renaming it over the old one is what removes them (measured: docs/data-protection.md).
 *
 * The rename happens while this process still holds the old file, so no other process can slip in
 * between; afterwards `warehouse` still reads the old, unlinked file: close it right away.
 */
export async function compactWarehouse(warehouse: Warehouse): Promise<CompactResult | undefined> {
  if (warehouse.path === ':memory:' || warehouse.readOnly) return undefined;
  const started = performance.now();
  const path = warehouse.path;
  const fresh = `${path}.compact-${process.pid}`;
  rmSync(fresh, { force: true });
  rmSync(`${fresh}.wal`, { force: true });
  await warehouse.checkpoint();
  const bytesBefore = statSync(path).size;
  const name = await warehouse.scalar<string>('SELECT current_database()');
  try {
    await warehouse.run(`ATTACH ${quoteLiteral(fresh)} AS buzon_compact`);
    await warehouse.run(`COPY FROM DATABASE ${quoteIdent(name)} TO buzon_compact`);
    await warehouse.run('CHECKPOINT buzon_compact');
    await warehouse.run('DETACH buzon_compact');
    syncFile(fresh);
    renameSync(fresh, path);
    syncFile(dirname(path));
  } catch (error) {
    rmSync(fresh, { force: true });
    rmSync(`${fresh}.wal`, { force: true });
    throw error;
  }
  return { bytesBefore, bytesAfter: statSync(path).size, ms: performance.now() - started };
}

function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
