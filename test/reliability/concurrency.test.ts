import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { openContext } from '../../src/db/context.ts';
import { Warehouse } from '../../src/db/warehouse.ts';
import { tempDir } from '../helpers.ts';
import { buzonAsync, buzonSync } from './crash-harness.ts';
import { canonicalCsv } from './reliability-data.ts';

const HOLDER = new URL('./hold-warehouse.ts', import.meta.url).pathname;

/** Another process holding the warehouse read-write until `release` is called. */
async function holdWarehouse(db: string): Promise<{ release(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, db], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`holder exited with ${code}`)));
    child.stdout.on('data', (chunk) => { if (String(chunk).includes('holding')) resolve(); });
  });
  child.removeAllListeners('exit');
  return {
    release: () => new Promise((resolve) => {
      child.on('exit', () => resolve());
      child.stdin.end();
    }),
  };
}

test('a query while another process writes says "warehouse busy, retry" in one line, or waits and answers', async () => {
  const dir = tempDir();
  const db = join(dir, 'w.duckdb');
  await createWarehouse(db);
  const holder = await holdWarehouse(db);

  const refused = buzonSync(['--db', db, 'query', 'SELECT count(*) AS n FROM messages', '--format', 'csv'], { BUZON_LOCK_WAIT_MS: '300' });
  assert.equal(refused.code, 1);
  assert.equal(refused.stdout, '');
  assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
  assert.match(refused.stderr, /^error: .*w\.duckdb: warehouse busy, retry/);
  assert.match(refused.stderr, /one writer/);

  const waiting = buzonAsync(['--db', db, 'query', 'SELECT count(*) AS n FROM messages', '--format', 'csv'], { env: { BUZON_LOCK_WAIT_MS: '120000' } });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await holder.release();
  const answered = await waiting;
  assert.equal(answered.code, 0, answered.stderr);
  assert.equal(answered.stdout, 'n\n0\n');
});

test('queries during a real import see all of it or none of it, never part', async () => {
  const dir = tempDir();
  const db = join(dir, 'w.duckdb');
  const file = join(dir, 'messages.csv');
  writeFileSync(file, canonicalCsv({ rows: 30_000, seed: 3 }));
  await createWarehouse(db);

  const importing = buzonAsync(['--db', db, 'import', file], { env: { BUZON_LOCK_WAIT_MS: '120000' } });
  await waitUntilBusy(db, importing);
  const query = ['--db', db, 'query', 'SELECT count(*) AS n FROM messages', '--format', 'csv'];
  const [patient, impatient] = await Promise.all([
    buzonAsync(query, { env: { BUZON_LOCK_WAIT_MS: '120000' } }),
    buzonAsync(query, { env: { BUZON_LOCK_WAIT_MS: '0' } }),
  ]);
  const imported = await importing;
  assert.equal(imported.code, 0, imported.stderr);
  assert.equal(patient.code, 0, patient.stderr);
  assert.equal(patient.stdout, 'n\n30000\n', 'the patient query waited for the whole import');
  if (impatient.code === 0) assert.match(impatient.stdout, /^n\n(0|30000)\n$/);
  else assert.match(impatient.stderr, /^error: .*warehouse busy, retry[^\n]*\n$/);
});

/** A new warehouse and its key, made in this process (the CLI's own init is tested in test/privacy). */
async function createWarehouse(db: string): Promise<void> {
  const context = await openContext({ db, logger: createMemoryLogger() });
  context.warehouse.close();
}

/** Polls until the import holds the write lock (or has already finished). */
async function waitUntilBusy(db: string, importing: Promise<unknown>): Promise<void> {
  let finished = false;
  void importing.then(() => { finished = true; });
  while (!finished) {
    try {
      const probe = await Warehouse.open(db, { readOnly: true, lockWaitMs: 0 });
      probe.close();
    } catch (error) {
      if (/warehouse busy/.test((error as Error).message)) return;
      throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
