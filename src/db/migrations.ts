import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Warehouse } from './warehouse.ts';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url).pathname;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Migrations are `src/db/migrations/NNN-name.sql`, applied once each, in order, one transaction each. */
export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{3}-[\w-]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 3)),
      name: file.slice(4, -4),
      sql: readFileSync(join(dir, file), 'utf8'),
    }));
}

export const LATEST_SCHEMA_VERSION = (): number => Math.max(0, ...listMigrations().map((m) => m.version));

export async function currentSchemaVersion(warehouse: Warehouse): Promise<number> {
  const exists = await warehouse.scalar<number>(
    "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' AND table_name = 'schema_version'",
  );
  if (!exists) return 0;
  return (await warehouse.scalar<number | null>('SELECT max(version) FROM schema_version')) ?? 0;
}

/** Applies every migration not yet recorded, in order: also one numbered below a later one already applied. */
export async function applyMigrations(warehouse: Warehouse, migrations = listMigrations()): Promise<number[]> {
  const done = new Set(
    (await currentSchemaVersion(warehouse)) === 0
      ? []
      : (await warehouse.all<{ version: number }>('SELECT version FROM schema_version')).map((r) => r.version),
  );
  const applied: number[] = [];
  for (const migration of migrations.filter((m) => !done.has(m.version))) {
    await warehouse.transaction(async () => {
      await warehouse.run(migration.sql);
      await warehouse.run('INSERT INTO schema_version (version, name) VALUES ($version, $name)', {
        version: migration.version,
        name: migration.name,
      });
    });
    applied.push(migration.version);
  }
  return applied;
}
