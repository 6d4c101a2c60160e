import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../../src/db/database-types.ts';
import { kyselyFor } from '../../src/db/kysely-dialect.ts';
import { memoryContext } from '../helpers.ts';

test('typed queries bind values, Dates as instants, and return plain numbers', async () => {
  const context = await memoryContext();
  const db = kyselyFor<Database>(context.warehouse);
  await db.insertInto('import_batches').values({
    batch_id: 7, file: "o'brien; DROP TABLE messages.csv", sha256: 'abc', format: 'csv', kind: 'messages', rows_read: 3,
    messages: 2, system_rows: 0, duplicates: 0, rejects: 1, started_at: new Date('2026-09-15T03:05:31.250Z'), finished_at: null,
  }).execute();
  const row = await db.selectFrom('import_batches').selectAll().where('started_at', '>=', new Date('2026-09-15T03:05:31Z')).executeTakeFirstOrThrow();
  assert.equal(row.file, "o'brien; DROP TABLE messages.csv");
  assert.ok(row.started_at instanceof Date);
  assert.equal(row.started_at.toISOString(), '2026-09-15T03:05:31.250Z');
  assert.equal(row.rows_read, 3);
  assert.equal(typeof row.rows_read, 'number', 'BIGINT comes back as a number');
  const type = await sql<{ t: string }>`SELECT typeof(${new Date('2026-01-01T00:00:00Z')}) AS t`.execute(db);
  assert.equal(type.rows[0]!.t, 'TIMESTAMP WITH TIME ZONE');
  const count = await db.selectFrom('messages').select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
  assert.deepEqual(count, { count: 0 }, 'a result whose only column is named count is kept');
  const updated = await db.updateTable('import_batches').set({ finished_at: new Date('2026-09-15T03:06:00Z') }).where('batch_id', '=', 7).executeTakeFirst();
  assert.equal(updated.numUpdatedRows, 1n);
  const tables = await db.introspection.getTables();
  const batches = tables.find((t) => t.name === 'import_batches')!;
  assert.equal(batches.isView, false);
  assert.deepEqual(batches.columns.slice(0, 2).map((c) => [c.name, c.dataType]), [['batch_id', 'INTEGER'], ['file', 'VARCHAR']]);
  context.warehouse.close();
});

test('a transaction through Kysely commits or rolls back as a whole', async () => {
  const context = await memoryContext();
  const db = kyselyFor<Database>(context.warehouse);
  await assert.rejects(db.transaction().execute(async (trx) => {
    await trx.insertInto('settings').values({ key: 'note', value: 'kept?' }).execute();
    throw new Error('stop');
  }), /stop/);
  assert.equal((await db.selectFrom('settings').select('value').where('key', '=', 'note').execute()).length, 0);
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('settings').values({ key: 'note', value: 'kept' }).execute();
  });
  assert.deepEqual(await db.selectFrom('settings').select('value').where('key', '=', 'note').execute(), [{ value: 'kept' }]);
  context.warehouse.close();
});
