/**
 * Incremental enrichment: enriching batch A, then importing batch B and enriching again, must give exactly the
 * tables a full enrichment of A + B gives, including what crosses batches: a text that becomes a chain only
 * with B's copies (its senders' stated ages and places stop counting), a sender who names another state in B
 * (A's messages move to the new time zone), a contact sheet arriving with B.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { openContext, type BuzonContext } from '../../src/db/context.ts';
import { enrichWarehouse } from '../../src/enrich/enrich-runner.ts';
import { generateSample } from '../../src/generate/sample-generator.ts';
import { importContactsFile } from '../../src/import/contacts-importer.ts';
import { importMessageFiles } from '../../src/import/import-runner.ts';

const TABLES = ['message_enrichment', 'sender_enrichment', 'message_issues', 'message_issue_summary'];
// Over 20 words, with an age and a place in it: counts for its senders only while it is no chain.
const FORWARD = 'Reenviado: tengo 45 años y vivo en Monterrey, les comparto que el próximo domingo habrá jornada de vacunación gratuita en todas las clínicas del seguro social, lleven su credencial y su cartilla, pásenlo a todos sus contactos';

let dir: string;
let context: BuzonContext;
const files: Record<string, string> = {};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'buzon-incremental-'));
  const sample = await generateSample({ messages: 6000, seed: 5150, outDir: join(dir, 'sample') });
  context = await openContext({ db: ':memory:', logger: createMemoryLogger() });
  const w = context.warehouse;
  await w.run('CREATE TEMP TABLE src AS SELECT *, row_number() OVER () AS rn FROM read_csv($f, all_varchar = true)', { f: sample.messagesFile });
  await w.run('CREATE TEMP TABLE csrc AS SELECT *, row_number() OVER () AS rn FROM read_csv($f, all_varchar = true)', { f: sample.contactsFile });
  const cut = await w.scalar<string>('SELECT quantile_disc(sent_at, 0.7) FROM src');
  const extra = (rows: string[][]) => rows.map((r) => `SELECT ${r.map((v) => (v === '' ? 'NULL' : `'${v.replaceAll("'", "''")}'`)).join(', ')}`).join(' UNION ALL ');
  // Batch A: two senders forward FORWARD (no chain yet); a Mexico City number writes with no place named.
  const extraA = extra([
    ['x-a1', '+528110000001', '2026-09-14T08:00:00-06:00', 'in', FORWARD, '', ''],
    ['x-a2', '+528110000002', '2026-09-14T08:05:00-06:00', 'in', FORWARD, '', ''],
    ['x-a3', '+525510000003', '2026-09-14T09:00:00-06:00', 'in', 'buenas tardes, no hay agua desde el lunes', '', ''],
    ['x-a4', '+525510000003', '2026-09-14T09:10:00-06:00', 'out', 'Gracias por escribirnos', '', ''],
    ['x-a5', '+523310000005', '2026-09-14T10:00:00-06:00', 'in', 'la inseguridad en mi colonia esta terrible', '', ''],
  ]);
  // Batch B: two more senders forward it (now a chain of 4 senders); the Mexico City number says where they live.
  const extraB = extra([
    ['x-b1', '+528110000011', '2026-09-15T20:00:00-06:00', 'in', FORWARD, '', ''],
    ['x-b2', '+528110000012', '2026-09-15T20:05:00-06:00', 'in', `${FORWARD} 🙏`, '', ''],
    ['x-b3', '+525510000003', '2026-09-15T21:00:00-06:00', 'in', 'soy de Tijuana y aqui tampoco hay agua', '', ''],
  ]);
  const cols = 'message_id, sender, sent_at, direction, body, sender_name, media';
  files.a = join(dir, 'a.csv');
  files.b = join(dir, 'b.csv');
  files.ca = join(dir, 'ca.csv');
  files.cb = join(dir, 'cb.csv');
  await w.run(`COPY (SELECT ${cols} FROM src WHERE sent_at <= $cut UNION ALL ${extraA}) TO '${files.a}' (HEADER)`, { cut });
  await w.run(`COPY (SELECT ${cols} FROM src WHERE sent_at > $cut UNION ALL ${extraB}) TO '${files.b}' (HEADER)`, { cut });
  const ccols = 'sender, age, birth_year, state_declared, source';
  await w.run(`COPY (SELECT ${ccols} FROM csrc WHERE rn % 2 = 0) TO '${files.ca}' (HEADER)`);
  // B's contacts include a sheet for a sender first seen in A.
  await w.run(`COPY (SELECT ${ccols} FROM csrc WHERE rn % 2 = 1 UNION ALL SELECT '+523310000005', '30', NULL, 'Jalisco', 'crm') TO '${files.cb}' (HEADER)`);
  await w.run('DROP TABLE src; DROP TABLE csrc');
});

after(() => {
  context?.warehouse.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function snapshot(prefix: string): Promise<void> {
  for (const t of TABLES) await context.warehouse.run(`CREATE OR REPLACE TEMP TABLE ${prefix}_${t} AS SELECT * FROM main.${t}`);
}

async function differences(a: string, b: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) {
    out[t] = await context.warehouse.scalar<number>(
      `SELECT (SELECT count(*) FROM (SELECT * FROM ${a}_${t} EXCEPT ALL SELECT * FROM ${b}_${t}))
            + (SELECT count(*) FROM (SELECT * FROM ${b}_${t} EXCEPT ALL SELECT * FROM ${a}_${t}))`);
  }
  return out;
}

const versions = () => context.warehouse.all('SELECT table_name, version FROM table_versions ORDER BY table_name');
const key = (phone: string) => context.key.senderKey(phone);

test('batch A then batch B, enriched incrementally, equals a full enrichment of A + B', async () => {
  await importMessageFiles(context, [files.a!]);
  await importContactsFile(context, files.ca!);
  const first = await enrichWarehouse(context);
  assert.equal(first.mode, 'full');
  const w = context.warehouse;
  const forwarder = await w.one('SELECT age, state_code FROM sender_enrichment WHERE sender_key = $k', { k: key('+528110000001') });
  assert.deepEqual([forwarder?.age, forwarder?.state_code], [45, 'MX-NLE'], 'before the chain, the forwarded text counts');
  const cdmx = await w.one<{ local_hour: number }>("SELECT local_hour FROM message_enrichment WHERE message_id = 'x-a3'");
  assert.equal(cdmx?.local_hour, 9);

  await importMessageFiles(context, [files.b!]);
  await importContactsFile(context, files.cb!);
  const second = await enrichWarehouse(context);
  assert.equal(second.mode, 'incremental');
  assert.ok(second.changedSenders < 3000, `changed senders ${second.changedSenders}`);
  await snapshot('incr');

  const chained = await w.all<{ message_id: string; chain_size: number; stated_age: number | null }>(
    "SELECT message_id, chain_size, stated_age FROM message_enrichment WHERE message_id IN ('x-a1', 'x-a2', 'x-b1', 'x-b2') ORDER BY 1");
  assert.deepEqual(chained.map((r) => [r.message_id, r.chain_size, r.stated_age]),
    [['x-a1', 4, null], ['x-a2', 4, null], ['x-b1', 4, null], ['x-b2', 4, null]], 'A\'s copies joined the chain');
  const after = await w.one('SELECT age, state_code FROM sender_enrichment WHERE sender_key = $k', { k: key('+528110000001') });
  assert.deepEqual([after?.age, after?.state_code], [null, 'MX-NLE'], 'a chain text no longer gives an age (the state comes from the lada)');
  const moved = await w.one<{ local_hour: number }>("SELECT local_hour FROM message_enrichment WHERE message_id = 'x-a3'");
  assert.equal(moved?.local_hour, 8, 'A\'s message is timed in Tijuana now');
  assert.equal((await w.one<{ local_hour: number }>("SELECT local_hour FROM message_enrichment WHERE message_id = 'x-a4'"))?.local_hour, 8);
  const declared = await w.one('SELECT state_code, state_source, age FROM sender_enrichment WHERE sender_key = $k', { k: key('+523310000005') });
  assert.deepEqual([declared?.state_code, declared?.state_source, declared?.age], ['MX-JAL', 'declared', 30]);

  const full = await enrichWarehouse(context, { full: true });
  assert.equal(full.mode, 'full');
  await snapshot('full');
  assert.deepEqual(await differences('incr', 'full'), Object.fromEntries(TABLES.map((t) => [t, 0])));
});

test('nothing new: an incremental run changes nothing and records no new table version', async () => {
  const before = await versions();
  const summary = await enrichWarehouse(context);
  assert.equal(summary.mode, 'incremental');
  assert.equal(summary.changedSenders, 0);
  assert.deepEqual(await versions(), before);
  await snapshot('again');
  assert.deepEqual(await differences('again', 'full'), Object.fromEntries(TABLES.map((t) => [t, 0])));
});

test('a changed setting makes the next run a full one', async () => {
  await context.warehouse.run("INSERT OR REPLACE INTO settings VALUES ('age_bands', '18-29,30-44,45-59,60+')");
  const summary = await enrichWarehouse(context);
  assert.equal(summary.mode, 'full');
  assert.match(summary.reason, /settings/);
  assert.equal(await context.warehouse.scalar("SELECT count(*) FROM sender_enrichment WHERE age_band = '25-34'"), 0);
  const again = await enrichWarehouse(context);
  assert.equal(again.mode, 'incremental');
});
