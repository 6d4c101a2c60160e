import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { importMessageFile, importMessageFiles } from '../../src/import/import-runner.ts';
import { FIXTURES, memoryContext, tempDir } from '../helpers.ts';

const BAD_ROWS = join(FIXTURES, 'canonical/messages-with-bad-rows.csv');

test('every row of a file with bad rows is a message, a duplicate or a reject with its line', async () => {
  const context = await memoryContext();
  const [summary] = await importMessageFiles(context, [BAD_ROWS]);
  assert.equal(summary!.rowsRead, 11);
  assert.equal(summary!.messages + summary!.duplicates + summary!.rejects + summary!.systemRows, summary!.rowsRead);
  assert.deepEqual({ messages: summary!.messages, duplicates: summary!.duplicates, rejects: summary!.rejects }, { messages: 6, duplicates: 1, rejects: 4 });

  const rejects = await context.warehouse.all<{ source_line: number; reason: string }>(
    'SELECT source_line, reason FROM rejects ORDER BY source_line');
  assert.deepEqual(rejects.map((r) => r.source_line), [6, 7, 8, 9]);
  assert.match(rejects[0]!.reason, /invalid sender phone/);
  assert.match(rejects[1]!.reason, /not an ISO 8601/);
  assert.match(rejects[2]!.reason, /direction/);
  assert.match(rejects[3]!.reason, /TOO MANY COLUMNS/);

  const batch = await context.warehouse.one('SELECT rows_read, messages, duplicates, rejects FROM import_batches');
  assert.deepEqual(batch, { rows_read: 11, messages: 6, duplicates: 1, rejects: 4 });
  context.warehouse.close();
});

test('messages keep their line, instant in UTC, media and unknown columns', async () => {
  const context = await memoryContext();
  await importMessageFiles(context, [BAD_ROWS]);
  const rows = await context.warehouse.all<Record<string, unknown>>(
    "SELECT message_id, strftime(sent_at, '%Y-%m-%dT%H:%M:%S') AS utc, direction, body, media, source_line, extra->>'campaign_tag' AS tag FROM messages ORDER BY source_line");
  const byId = Object.fromEntries(rows.map((r) => [r.message_id, r]));
  assert.equal(byId.m1!.utc, '2026-09-15T03:05:31');
  assert.equal(byId.m1!.tag, 'norte');
  assert.equal(byId.m3!.utc, '2026-09-15T03:10:00');
  assert.equal(byId.m4!.utc, '2026-09-15T14:30:00', 'a naive time is read in America/Mexico_City');
  assert.equal(byId.m4!.media, 'image');
  assert.equal(byId.m9!.direction, 'out');
  assert.equal(byId.m9!.source_line, 11, 'lines count the quoted newline and the rejected line before');
  assert.equal(byId.m10!.direction, 'in', 'direction defaults to in');
  assert.equal(byId.m10!.source_line, 13);
  context.warehouse.close();
});

test('one person written three ways is one sender, and raw numbers stay in contact_phones', async () => {
  const context = await memoryContext();
  await importMessageFiles(context, [BAD_ROWS]);
  const senders = await context.warehouse.scalar("SELECT count(DISTINCT sender_key) FROM messages WHERE message_id IN ('m1', 'm2')");
  assert.equal(senders, 1);
  const phones = (await context.warehouse.all<{ e164: string }>('SELECT e164 FROM contact_phones ORDER BY e164')).map((r) => r.e164);
  assert.deepEqual(phones, ['+523312345678', '+525512345678', '+528112345678']);
  const leaked = await context.warehouse.scalar(
    "SELECT count(*) FROM rejects WHERE regexp_matches(coalesce(raw, ''), '\\d{10}')");
  assert.equal(leaked, 0, 'rejected lines are stored with phone numbers masked');
  context.warehouse.close();
});

test('importing the same file twice adds nothing the second time', async () => {
  const context = await memoryContext();
  await importMessageFiles(context, [BAD_ROWS]);
  const [again] = await importMessageFiles(context, [BAD_ROWS]);
  assert.equal(again!.alreadyImported, 1);
  assert.equal(await context.warehouse.scalar('SELECT count(*) FROM messages'), 6);
  assert.equal(await context.warehouse.scalar('SELECT count(*) FROM import_batches'), 1);
  assert.match(context.logger.text(), /already imported as batch 1/);
  context.warehouse.close();
});

test('a copy of a file with the same message ids adds no message', async () => {
  const context = await memoryContext();
  const dir = tempDir();
  const copy = join(dir, 'copy.csv');
  writeFileSync(copy, 'message_id,sender,sent_at,body\nm1,+52 55 1234 5678,2026-09-14T21:05:31-06:00,ya no hay agua en la colonia desde el lunes\nm99,+52 55 1234 5678,2026-09-16T10:00:00-06:00,nuevo\n');
  await importMessageFiles(context, [BAD_ROWS]);
  const [summary] = await importMessageFiles(context, [copy]);
  assert.deepEqual({ messages: summary!.messages, duplicates: summary!.duplicates }, { messages: 1, duplicates: 1 });
  context.warehouse.close();
});

test('a failed import leaves nothing behind', async () => {
  const context = await memoryContext();
  await assert.rejects(importMessageFile(context, BAD_ROWS, { tz: 'Not/AZone' }));
  for (const table of ['messages', 'rejects', 'import_batches', 'contact_phones']) {
    assert.equal(await context.warehouse.scalar(`SELECT count(*) FROM ${table}`), 0, `${table} must be empty`);
  }
  const [summary] = await importMessageFiles(context, [BAD_ROWS]);
  assert.equal(summary!.messages, 6, 'the same file imports cleanly afterwards');
  context.warehouse.close();
});

test('a file without the required columns is refused with one clear line', async () => {
  const context = await memoryContext();
  const file = join(tempDir(), 'semicolons.csv');
  writeFileSync(file, 'message_id;sender;sent_at;body\nm1;+52 55 1234 5678;2026-09-14T21:05:31-06:00;hola\n');
  await assert.rejects(importMessageFile(context, file, { format: 'csv' }), (error: Error) => {
    assert.match(error.message, /^semicolons\.csv:1: missing columns sender, sent_at/);
    assert.ok(!error.message.includes('\n'));
    return true;
  });
  assert.equal(await context.warehouse.scalar('SELECT count(*) FROM import_batches'), 0);
  context.warehouse.close();
});
