import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { openContext, type BuzonContext } from '../../src/db/context.ts';
import { importContactsFile } from '../../src/import/contacts-importer.ts';
import { importMessageFile } from '../../src/import/import-runner.ts';
import { forgetPerson } from '../../src/privacy/forget-runner.ts';
import { writtenForms } from '../../src/privacy/phone-forms.ts';
import { memoryContext, tempDir } from '../helpers.ts';

const LUPITA = '+525512345678';
const PEDRO = '+528187654321';

/** Lupita writes three messages (one rejected for its date), Pedro types her number in his. */
function writeSample(dir: string): { messages: string; contacts: string } {
  const messages = join(dir, 'messages.csv');
  writeFileSync(messages, [
    'message_id,sender,sent_at,direction,body,sender_name',
    'l1,+52 55 1234 5678,2026-09-14T21:05:31-06:00,in,no hay agua en la colonia,Lupita',
    'l2,5215512345678,2026-09-14T21:07:00-06:00,in,mi cel es 55 1234 5678 llamenme,Lupita',
    'l3,55 1234 5678,ayer,in,fecha mala,Lupita',
    'p1,+52 81 8765 4321,2026-09-15T10:00:00-06:00,in,"mi vecina es la del 55-1234-5678, y yo 81 8765 4321",Pedro',
    'p2,+52 81 8765 4321,2026-09-15T10:05:00-06:00,in,"otra vez: +52 1 55 1234 5678",Pedro',
    'o1,+52 55 1234 5678,2026-09-15T11:00:00-06:00,out,gracias Lupita,Campaña',
  ].join('\n') + '\n');
  const contacts = join(dir, 'contacts.csv');
  writeFileSync(contacts, 'telefono,edad,estado,nota\n5512345678,34,CDMX,llamar al 55 1234 5678\n8187654321,51,NL,\n');
  return { messages, contacts };
}

/** The enrichment and segment tables other stages build, in their contract's shape. */
async function addDerivedTables(context: BuzonContext): Promise<void> {
  const { warehouse } = context;
  await warehouse.run(`CREATE TABLE message_enrichment AS SELECT message_id, sender_key, direction, sent_at, 'agua' AS primary_issue FROM messages`);
  await warehouse.run(`CREATE TABLE message_issues AS SELECT message_id, 'agua' AS issue, 0.9 AS confidence, 'rules' AS source FROM messages`);
  await warehouse.run(`CREATE TABLE sender_enrichment AS SELECT DISTINCT sender_key, 'MX-CMX' AS state_code FROM messages`);
  await warehouse.run(`CREATE TABLE audience_members AS SELECT DISTINCT sender_key, 'agua:MX-CMX:25-34' AS silo_key FROM messages`);
}

test('forget deletes every row about a person, masks their number in others\' text and logs only the sender key', async () => {
  const dir = tempDir();
  const files = writeSample(dir);
  const context = await memoryContext();
  await importMessageFile(context, files.messages);
  await importContactsFile(context, files.contacts);
  await addDerivedTables(context);
  const { warehouse } = context;
  const lupita = context.key.senderKey(LUPITA);
  const pedro = context.key.senderKey(PEDRO);
  assert.equal(await warehouse.scalar('SELECT count(*) FROM rejects WHERE sender_key = $k', { k: lupita }), 1, 'her rejected row is linked to her');

  const summary = await forgetPerson(context, '+52 1 55 1234 5678', { who: 'ARCO-041', rebuild: false });
  assert.equal(summary.senderKey, lupita);
  assert.deepEqual(
    { messages: summary.messages, contacts: summary.contacts, phones: summary.phones },
    { messages: 3, contacts: 1, phones: 1 },
  );
  assert.deepEqual(summary.deleted, {
    audience_members: 1, contact_phones: 1, contacts: 1, message_enrichment: 3, message_issues: 3,
    messages: 3, rejects: 1, sender_enrichment: 1,
  });
  for (const table of ['messages', 'contacts', 'contact_phones', 'message_enrichment', 'sender_enrichment', 'audience_members', 'rejects']) {
    assert.equal(await warehouse.scalar(`SELECT count(*) FROM ${table} WHERE sender_key = $k`, { k: lupita }), 0, table);
  }
  assert.equal(await warehouse.scalar("SELECT count(*) FROM message_issues WHERE message_id IN ('l1', 'l2', 'o1')"), 0);

  // Pedro keeps his rows; her number in his text is masked, his own number stays his.
  const bodies = await warehouse.all<{ body: string }>('SELECT body FROM messages WHERE sender_key = $k ORDER BY message_id', { k: pedro });
  assert.deepEqual(bodies.map((b) => b.body), [
    'mi vecina es la del +52 55 •••• 5678, y yo 81 8765 4321',
    'otra vez: +52 55 •••• 5678',
  ]);
  assert.equal(summary.mentionsMasked, 2);
  assert.equal(await warehouse.scalar('SELECT count(*) FROM contacts WHERE sender_key = $k', { k: pedro }), 1);

  const log = await warehouse.one<Record<string, unknown>>('SELECT * FROM forget_log');
  assert.equal(log!.sender_key, lupita);
  assert.equal(log!.who, 'ARCO-041');
  assert.equal(log!.messages, 3);
  const logText = JSON.stringify(await warehouse.all('SELECT * FROM forget_log'));
  for (const form of writtenForms(LUPITA)) assert.ok(!logText.includes(form), `forget_log holds ${form}`);
  context.warehouse.close();
});

test('forget by sender key finds the same person; an unknown person is logged with zero rows', async () => {
  const dir = tempDir();
  const files = writeSample(dir);
  const context = await memoryContext();
  await importMessageFile(context, files.messages);
  const lupita = context.key.senderKey(LUPITA);
  const bySenderKey = await forgetPerson(context, lupita.toUpperCase(), { rebuild: false });
  assert.equal(bySenderKey.messages, 3);
  assert.equal(bySenderKey.mentionsMasked, 2, 'the number is looked up in contact_phones to mask it in others\' text');
  const unknown = await forgetPerson(context, '+52 33 1111 2222', { rebuild: false });
  assert.equal(unknown.found, false);
  assert.equal(await context.warehouse.scalar('SELECT count(*) FROM forget_log'), 2);
  await assert.rejects(forgetPerson(context, 'nadie-5512345678x'), (error: Error) => {
    assert.doesNotMatch(error.message, /5512345678/);
    return /not a phone number/.test(error.message);
  });
  context.warehouse.close();
});

/**
 * DuckDB compresses strings, which would hide a number from a grep: with compression off, the
 * number is visibly in the file before, and in no written form after.
 */
test('after forget, no written form of the number is left in the warehouse file bytes or a new export', async () => {
  const dir = tempDir();
  const files = writeSample(dir);
  const db = join(dir, 'w.duckdb');
  let context = await openContext({ db, logger: createMemoryLogger() });
  await context.warehouse.run("SET force_compression = 'uncompressed'");
  await importMessageFile(context, files.messages);
  await importContactsFile(context, files.contacts);
  await context.warehouse.checkpoint();
  const national = Buffer.from('5512345678');
  assert.ok(readFileSync(db).includes(national), 'control: the number is in the file before');

  const summary = await forgetPerson(context, LUPITA);
  context.warehouse.close();
  assert.ok(summary.compacted, 'the file was rewritten');

  const bytes = readFileSync(db);
  for (const form of writtenForms(LUPITA)) assert.ok(!bytes.includes(Buffer.from(form)), `the file still holds ${form}`);
  assert.ok(bytes.includes(Buffer.from('8187654321')), 'control: other people\'s numbers are still readable in the file');

  context = await openContext({ db, logger: createMemoryLogger() });
  assert.equal(await context.warehouse.scalar('SELECT count(*) FROM messages'), 2, 'the rewritten warehouse opens and answers');
  assert.equal(await context.warehouse.scalar("SELECT nextval('import_batch_seq')"), 3, 'sequences survive the rewrite');
  const rows = await context.warehouse.all<Record<string, unknown>>('SELECT * FROM messages');
  const exported = join(dir, 'export.json');
  writeFileSync(exported, JSON.stringify(rows));
  const text = readFileSync(exported, 'utf8');
  for (const form of writtenForms(LUPITA)) assert.ok(!text.includes(form), `the export holds ${form}`);
  context.warehouse.close();
});
