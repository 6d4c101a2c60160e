import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { openContext } from '../../src/db/context.ts';
import { DATA_DICTIONARY } from '../../src/query/data-dictionary.ts';
import type { LakeManifest } from '../../src/query/lake-export.ts';
import { tempDir } from '../helpers.ts';
import { buildFixtureWarehouse } from './analyst-fixture.ts';
import { cli } from './cli-capture.ts';

const dir = tempDir();
const db = await buildFixtureWarehouse(dir);
const run = await cli(['--db', db, 'export', '--parquet', 'lake'], { cwd: dir });
const lake = join(dir, 'lake');

test('buzon export --parquet writes every analyst view and a manifest', () => {
  assert.equal(run.code, 0, run.stderr);
  const manifest = JSON.parse(readFileSync(join(lake, 'manifest.json'), 'utf8')) as LakeManifest;
  assert.deepEqual(manifest.views.map((v) => v.name), DATA_DICTIONARY.map((v) => v.name));
  assert.equal(manifest.buzon_version, JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
  assert.ok(manifest.schema_version >= 1);
  assert.match(manifest.duckdb_version, /^v1\./);
  assert.ok(!Number.isNaN(Date.parse(manifest.exported_at)));
  const messages = manifest.views.find((v) => v.name === 'v_messages')!;
  assert.equal(messages.rows, 100);
  assert.deepEqual(messages.partition_by, ['month', 'state_code']);
  assert.ok(messages.files.some((f) => f.startsWith('v_messages/month=2026-09/state_code=MX-NLE/')), 'hive folders month=/state_code=');
  assert.ok(messages.files.some((f) => f.startsWith('v_messages/month=2026-10/')));
  for (const view of manifest.views) for (const file of view.files) assert.ok(existsSync(join(lake, file)), file);
  assert.deepEqual(manifest.views.find((v) => v.name === 'v_segments_issue_age')!.partition_by, [], 'no month or state: one file');
});

test('the lake read back with hive partitioning gives the warehouse counts', async () => {
  const context = await openContext({ db, logger: createMemoryLogger(), readOnly: true });
  const { warehouse } = context;
  const lakeOf = (view: string) => `read_parquet('${join(lake, view)}/**/*.parquet', hive_partitioning = true)`;
  try {
    for (const [view, keys] of [
      ['v_segments_issue_state', 'issue, state_code'],
      ['v_segments_issue_age', 'issue, age_band'],
      ['v_segments_state_time_of_week', 'state_code, local_weekday, local_hour'],
      ['v_segments_issue_time_of_week', 'issue, local_weekday, local_hour'],
      ['v_segments_cube', 'issue, age_band, state_code, time_slot'],
    ] as const) {
      const sql = (from: string) => `SELECT ${keys}, messages, senders, suppressed FROM ${from} ORDER BY ALL`;
      const inWarehouse = await warehouse.all(sql(view));
      const inLake = await warehouse.all(sql(lakeOf(view)));
      assert.ok(inWarehouse.length > 0);
      assert.deepEqual(inLake, inWarehouse, view);
    }
    const byMonthState = `SELECT month, state_code, count(*) AS n, count(DISTINCT sender_key) AS senders FROM %s GROUP BY ALL ORDER BY ALL`;
    assert.deepEqual(await warehouse.all(byMonthState.replace('%s', lakeOf('v_messages'))), await warehouse.all(byMonthState.replace('%s', 'v_messages')));
    const silos = 'SELECT silo_key, contacts, suppressed FROM %s ORDER BY silo_key';
    assert.deepEqual(await warehouse.all(silos.replace('%s', lakeOf('v_audience_silos'))), await warehouse.all(silos.replace('%s', 'v_audience_silos')));
    const leaked = await warehouse.scalar(`SELECT count(*) FROM ${lakeOf('v_segments_cube')} WHERE suppressed AND messages IS NOT NULL`);
    assert.equal(leaked, 0, 'suppressed counts stay NULL in the lake');
  } finally {
    warehouse.close();
  }
});

test('exporting again replaces the lake instead of adding to it', async () => {
  const again = await cli(['--db', db, 'export', '--parquet', 'lake', '--views', 'v_messages'], { cwd: dir });
  assert.equal(again.code, 0, again.stderr);
  const manifest = JSON.parse(readFileSync(join(lake, 'manifest.json'), 'utf8')) as LakeManifest;
  assert.deepEqual(manifest.views.map((v) => v.name), ['v_messages']);
  const context = await openContext({ db, logger: createMemoryLogger(), readOnly: true });
  try {
    assert.equal(await context.warehouse.scalar(`SELECT count(*) FROM read_parquet('${join(lake, 'v_messages')}/**/*.parquet')`), 100);
  } finally {
    context.warehouse.close();
  }
  const unknown = await cli(['--db', db, 'export', '--parquet', 'lake', '--views', 'messages'], { cwd: dir });
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown view messages \(analyst views: v_messages, /);
});
