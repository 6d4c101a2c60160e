import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryError } from '../../src/core/errors.ts';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { openContext, type BuzonContext } from '../../src/db/context.ts';
import { loadModels, orderModels } from '../../src/segment/model-catalog.ts';
import { bumpTableVersion } from '../../src/segment/input-fingerprint.ts';
import { buildModels, staleModels, type ModelResult } from '../../src/segment/sql-runner.ts';
import { addSyntheticBatch, setK } from './segment-fixture.ts';

function modelsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'buzon-models-'));
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, `${name}.sql`), sql);
  return dir;
}

async function withContext<T>(work: (ctx: BuzonContext) => Promise<T>): Promise<T> {
  const ctx = await openContext({ db: ':memory:', logger: createMemoryLogger() });
  try {
    return await work(ctx);
  } finally {
    ctx.warehouse.close();
  }
}

const statusOf = (results: ModelResult[]) => Object.fromEntries(results.map((r) => [r.model, r.status]));

test('models are built after what they depend on, whatever their file names', async () => {
  const dir = modelsDir({
    a_totals: '-- depends: z_base\nSELECT sum(n) AS total FROM z_base',
    m_double: '-- depends: a_totals\nSELECT total * 2 AS doubled FROM a_totals',
    z_base: '-- depends: settings\nSELECT count(*) AS n FROM settings',
  });
  const order = orderModels(loadModels(dir)).map((m) => m.name);
  assert.deepEqual(order, ['z_base', 'a_totals', 'm_double']);
  await withContext(async (ctx) => {
    const results = await buildModels(ctx, { modelsDir: dir });
    assert.deepEqual(results.map((r) => r.model), ['z_base', 'a_totals', 'm_double']);
    const settings = await ctx.warehouse.scalar<number>('SELECT count(*) FROM settings');
    assert.equal(await ctx.warehouse.scalar('SELECT doubled FROM m_double'), settings * 2);
  });
  rmSync(dir, { recursive: true });
});

test('a dependency cycle is refused before anything is built, naming the cycle and the file', async () => {
  const dir = modelsDir({
    first: '-- depends: second\nSELECT * FROM second',
    second: '-- depends: third\nSELECT * FROM third',
    third: '-- depends: first\nSELECT * FROM first',
    unrelated: '-- depends: settings\nSELECT * FROM settings',
  });
  await withContext(async (ctx) => {
    await assert.rejects(buildModels(ctx, { modelsDir: dir }), (error: Error) => {
      assert.match(error.message, /first\.sql: dependency cycle first -> second -> third -> first/);
      return true;
    });
    const built = await ctx.warehouse.scalar<number>("SELECT count(*) FROM information_schema.tables WHERE table_name = 'unrelated'");
    assert.equal(built, 0, 'nothing is built when the graph has a cycle');
  });
  rmSync(dir, { recursive: true });
});

test('every failing model is reported with its file; the others are still built, dependents skipped', async () => {
  const dir = modelsDir({
    good: '-- depends: settings\nSELECT key FROM settings',
    broken_column: '-- depends: settings\nSELECT no_such_column FROM settings',
    broken_syntax: '-- depends: settings\nSELEC key FROM settings',
    needs_broken: '-- depends: broken_column\nSELECT * FROM broken_column',
  });
  await withContext(async (ctx) => {
    const logger = ctx.logger as ReturnType<typeof createMemoryLogger>;
    await assert.rejects(buildModels(ctx, { modelsDir: dir }), (error: unknown) => {
      assert.ok(error instanceof QueryError);
      assert.match(error.message, /2 models failed/);
      assert.match(error.message, /broken_column\.sql/);
      assert.match(error.message, /broken_syntax\.sql/);
      return true;
    });
    assert.match(logger.text(), /error: .*broken_column\.sql: .*no_such_column/);
    assert.match(logger.text(), /error: .*broken_syntax\.sql: /);
    assert.match(logger.text(), /needs_broken\s+skipped/);
    assert.equal(await ctx.warehouse.scalar('SELECT count(*) FROM good'), await ctx.warehouse.scalar('SELECT count(*) FROM settings'));
  });
  rmSync(dir, { recursive: true });
});

test('a model that reads a table it does not declare fails with its file, so incremental builds stay correct', async () => {
  const dir = modelsDir({ sneaky: '-- depends: messages\nSELECT count(*) AS n FROM messages, settings' });
  await withContext(async (ctx) => {
    await assert.rejects(buildModels(ctx, { modelsDir: dir }), /sneaky\.sql/);
    assert.match((ctx.logger as ReturnType<typeof createMemoryLogger>).text(), /sneaky\.sql: reads settings without declaring it/);
  });
  rmSync(dir, { recursive: true });
});

test('views (materialized: view) are built as views and stay fresh like tables', async () => {
  const dir = modelsDir({
    base_counts: '-- depends: settings\nSELECT count(*) AS n FROM settings',
    v_counts: '-- materialized: view\n-- depends: base_counts\nSELECT n FROM base_counts',
  });
  await withContext(async (ctx) => {
    const first = await buildModels(ctx, { modelsDir: dir });
    assert.deepEqual(statusOf(first), { base_counts: 'rebuilt', v_counts: 'rebuilt' });
    assert.equal(await ctx.warehouse.scalar("SELECT table_type FROM information_schema.tables WHERE table_name = 'v_counts'"), 'VIEW');
    assert.deepEqual(statusOf(await buildModels(ctx, { modelsDir: dir })), { base_counts: 'fresh', v_counts: 'fresh' });
  });
  rmSync(dir, { recursive: true });
});

test('before enrichment, models that need it are skipped with a hint and the rest is built', async () => {
  await withContext(async (ctx) => {
    const logger = ctx.logger as ReturnType<typeof createMemoryLogger>;
    const results = await buildModels(ctx);
    const status = statusOf(results);
    assert.equal(status.messages_per_day, 'rebuilt');
    assert.equal(status.contact_profile, 'skipped');
    assert.equal(status.audience_silos, 'skipped');
    assert.match(logger.text(), /contact_profile: skipped, needs message_enrichment, sender_enrichment \(run `buzon enrich` first\)/);
  });
});

test('a second build leaves every unchanged model fresh; --full rebuilds them all', async () => {
  await withContext(async (ctx) => {
    await addSyntheticBatch(ctx, { messages: 3000, senders: 600 });
    const first = await buildModels(ctx);
    assert.ok(first.every((r) => r.status === 'rebuilt'), 'first build builds everything');
    const logger = ctx.logger as ReturnType<typeof createMemoryLogger>;
    logger.lines.length = 0;
    const second = await buildModels(ctx);
    assert.ok(second.every((r) => r.status === 'fresh'), JSON.stringify(statusOf(second)));
    assert.deepEqual(second.map((r) => r.rows), first.map((r) => r.rows), 'fresh models report the rows of their last build');
    assert.match(logger.lines[0]!, /^\S+\s+fresh\s+\d+ rows\s+\d+ ms$/);
    const full = await buildModels(ctx, { full: true });
    assert.ok(full.every((r) => r.status === 'rebuilt'));
  });
});

test('a new batch rebuilds what depends on the new rows; a k change rebuilds only models that read settings', async () => {
  await withContext(async (ctx) => {
    await addSyntheticBatch(ctx, { messages: 3000, senders: 600 });
    await buildModels(ctx);

    // New messages imported but not enriched yet: only the models over messages are stale.
    await ctx.warehouse.run(`INSERT INTO messages SELECT * REPLACE (message_id || '-copy' AS message_id, batch_id + 1000 AS batch_id)
                             FROM messages LIMIT 50`);
    assert.deepEqual(await staleModels(ctx, ['messages_per_day', 'contact_profile']), ['messages_per_day']);
    const afterImport = statusOf(await buildModels(ctx));
    assert.equal(afterImport.messages_per_day, 'rebuilt');
    assert.equal(afterImport.messages_by_hour_of_week, 'rebuilt');
    assert.equal(afterImport.contact_profile, 'fresh');
    assert.equal(afterImport.segment_cube, 'fresh');

    await setK(ctx.warehouse, 3);
    const afterK = statusOf(await buildModels(ctx));
    assert.equal(afterK.segment_cube, 'rebuilt');
    assert.equal(afterK.audience_silos, 'rebuilt');
    assert.equal(afterK.contact_profile, 'fresh');
    assert.equal(afterK.inbound_message_facts, 'fresh');
    assert.equal(afterK.messages_per_day, 'fresh');

    // A new enriched batch: everything over the enrichment tables is rebuilt, with the new counts.
    const before = await ctx.warehouse.scalar<number>('SELECT sum(messages) FROM segment_state_time_of_week');
    await addSyntheticBatch(ctx, { messages: 500, senders: 600, seed: 1 });
    const afterBatch = statusOf(await buildModels(ctx));
    assert.equal(afterBatch.contact_profile, 'rebuilt');
    assert.equal(afterBatch.segment_cube, 'rebuilt');
    const inbound = await ctx.warehouse.scalar<number>("SELECT count(*) FROM message_enrichment WHERE direction = 'in'");
    const after = await ctx.warehouse.scalar<number>('SELECT sum(messages) FROM segment_state_time_of_week');
    assert.ok(after > before);
    assert.equal(after, inbound);
  });
});

test('changing a model file makes it and what depends on it stale', async () => {
  const dir = modelsDir({
    base_counts: '-- depends: settings\nSELECT count(*) AS n FROM settings',
    derived: '-- depends: base_counts\nSELECT n + 1 AS m FROM base_counts',
    other: '-- depends: settings\nSELECT 1 AS one FROM settings LIMIT 1',
  });
  await withContext(async (ctx) => {
    await buildModels(ctx, { modelsDir: dir });
    writeFileSync(join(dir, 'base_counts.sql'), '-- depends: settings\nSELECT count(*) * 10 AS n FROM settings');
    assert.deepEqual(statusOf(await buildModels(ctx, { modelsDir: dir })), { base_counts: 'rebuilt', derived: 'rebuilt', other: 'fresh' });
    const n = await ctx.warehouse.scalar<number>('SELECT count(*) FROM settings');
    assert.equal(await ctx.warehouse.scalar('SELECT m FROM derived'), n * 10 + 1);
  });
  rmSync(dir, { recursive: true });
});

test('a model table dropped by hand is rebuilt even though nothing else changed', async () => {
  await withContext(async (ctx) => {
    await addSyntheticBatch(ctx, { messages: 1000, senders: 300 });
    await buildModels(ctx);
    await ctx.warehouse.run('DROP TABLE segment_issue_age');
    const status = statusOf(await buildModels(ctx));
    assert.equal(status.segment_issue_age, 'rebuilt');
    assert.equal(status.segment_cube, 'fresh');
  });
});

test('a model can change from table to view and back', async () => {
  const dir = modelsDir({ shifting: '-- depends: settings\nSELECT key FROM settings' });
  await withContext(async (ctx) => {
    const kind = () => ctx.warehouse.scalar("SELECT table_type FROM information_schema.tables WHERE table_name = 'shifting'");
    await buildModels(ctx, { modelsDir: dir });
    assert.equal(await kind(), 'BASE TABLE');
    writeFileSync(join(dir, 'shifting.sql'), '-- materialized: view\n-- depends: settings\nSELECT key FROM settings');
    assert.deepEqual(statusOf(await buildModels(ctx, { modelsDir: dir })), { shifting: 'rebuilt' });
    assert.equal(await kind(), 'VIEW');
    writeFileSync(join(dir, 'shifting.sql'), '-- depends: settings\nSELECT key FROM settings');
    await buildModels(ctx, { modelsDir: dir });
    assert.equal(await kind(), 'BASE TABLE');
  });
  rmSync(dir, { recursive: true });
});

test('a table whose writer records a version is fingerprinted by it, without reading every row', async () => {
  await withContext(async (ctx) => {
    await addSyntheticBatch(ctx, { messages: 1000, senders: 300 });
    await bumpTableVersion(ctx.warehouse, 'sender_enrichment');
    await buildModels(ctx);
    // Same version, same row count: treated as unchanged (the writer promised to bump it).
    await ctx.warehouse.run("UPDATE sender_enrichment SET age_band = '65+'");
    assert.equal(statusOf(await buildModels(ctx)).contact_profile, 'fresh');
    await bumpTableVersion(ctx.warehouse, 'sender_enrichment');
    const status = statusOf(await buildModels(ctx));
    assert.equal(status.contact_profile, 'rebuilt');
    assert.equal(status.messages_per_day, 'fresh');
    assert.deepEqual(await ctx.warehouse.all('SELECT DISTINCT age_band FROM contact_profile'), [{ age_band: '65+' }]);
  });
});
