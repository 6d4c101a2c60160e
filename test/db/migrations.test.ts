import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { applyMigrations, currentSchemaVersion, listMigrations, LATEST_SCHEMA_VERSION } from '../../src/db/migrations.ts';
import { Warehouse } from '../../src/db/warehouse.ts';
import { tempDir } from '../helpers.ts';

test('a new warehouse is created at the latest schema version', async () => {
  const warehouse = await Warehouse.open(':memory:');
  assert.equal(await currentSchemaVersion(warehouse), LATEST_SCHEMA_VERSION());
  const tables = (await warehouse.all<{ t: string }>("SELECT table_name AS t FROM information_schema.tables")).map((r) => r.t);
  for (const table of ['import_batches', 'messages', 'rejects', 'contacts', 'contact_phones', 'schema_version']) {
    assert.ok(tables.includes(table), `missing table ${table}`);
  }
  warehouse.close();
});

test('a warehouse made by an older version is upgraded and keeps its rows', async () => {
  const file = join(tempDir(), 'old.duckdb');
  const old = await Warehouse.open(file, { migrate: false });
  await applyMigrations(old, listMigrations().filter((m) => m.version === 1));
  await old.run("INSERT INTO settings VALUES ('marker', 'kept')");
  old.close();

  const upgraded = await Warehouse.open(file);
  assert.equal(await currentSchemaVersion(upgraded), LATEST_SCHEMA_VERSION());
  assert.equal(await upgraded.scalar("SELECT value FROM settings WHERE key = 'marker'"), 'kept');
  const versions = (await upgraded.all<{ version: number }>('SELECT version FROM schema_version ORDER BY version')).map((r) => r.version);
  assert.deepEqual(versions, listMigrations().map((m) => m.version));
  upgraded.close();
});

test('a migration numbered below one already applied is still applied', async () => {
  const file = join(tempDir(), 'gap.duckdb');
  const all = listMigrations();
  const gapped = await Warehouse.open(file, { migrate: false });
  await applyMigrations(gapped, all.filter((m) => m.version !== 2));
  assert.ok(!(await gapped.all<{ version: number }>('SELECT version FROM schema_version')).some((r) => r.version === 2));
  gapped.close();

  const reopened = await Warehouse.open(file);
  const versions = (await reopened.all<{ version: number }>('SELECT version FROM schema_version ORDER BY version')).map((r) => r.version);
  assert.deepEqual(versions, all.map((m) => m.version));
  reopened.close();
});
