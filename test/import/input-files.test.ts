import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { importMessageFiles } from '../../src/import/import-runner.ts';
import { chatNameOf, expandInputs, globRegExp } from '../../src/import/input-files.ts';
import { FIXTURES, memoryContext, tempDir } from '../helpers.ts';

const IMPORT = join(FIXTURES, 'import');
const BIN = new URL('../../bin/buzon.js', import.meta.url).pathname;

test('glob patterns match like a shell would', () => {
  assert.ok(globRegExp('*.txt').test('chat.txt'));
  assert.ok(!globRegExp('*.txt').test('sub/chat.txt'), '* stays inside one folder');
  assert.ok(globRegExp('**/*.txt').test('a/b/chat.txt'));
  assert.ok(globRegExp('**/*.txt').test('chat.txt'));
  assert.ok(globRegExp('chat-?.[ct]sv').test('chat-1.csv'));
  assert.ok(!globRegExp('chat-[!0-9].csv').test('chat-1.csv'));
  assert.equal(chatNameOf('WhatsApp Chat with Lupita Ramírez.txt'), 'Lupita Ramírez');
  assert.equal(chatNameOf('Chat de WhatsApp con Doña Mary.zip'), 'Doña Mary');
  assert.equal(chatNameOf('_chat.txt'), undefined);
});

test('folders are walked, patterns expanded and zips opened into their message files', async () => {
  const folder = await expandInputs([join(IMPORT, 'cloud-api')]);
  assert.deepEqual(folder.files.map((f) => f.displayName), ['webhook-array.json', 'webhook-truncated.ndjson', 'webhook.ndjson']);
  const pattern = await expandInputs([join(IMPORT, '**/*-dates.txt'), join(IMPORT, 'whatsapp/*.zip')]);
  assert.deepEqual(pattern.files.map((f) => [f.displayName, f.chatName ?? null, f.ignoredFiles ?? 0]), [
    ['ambiguous-dates.txt', null, 0],
    ['WhatsApp Chat - Lupita Ramírez.zip:_chat.txt', 'Lupita Ramírez', 2],
  ]);
  pattern.dispose();
  await assert.rejects(expandInputs([join(IMPORT, '*.nothing')]), /no file matches this pattern/);
  await assert.rejects(expandInputs([join(IMPORT, 'missing.txt')]), /no such file or folder/);
});

test('a folder of mixed exports imports each file with its own format', async () => {
  const dir = tempDir();
  copyFileSync(join(IMPORT, 'twilio/twilio-export.csv'), join(dir, 'a.csv'));
  copyFileSync(join(IMPORT, 'cloud-api/webhook.ndjson'), join(dir, 'b.log'));
  copyFileSync(join(IMPORT, 'whatsapp/android-24h-es.txt'), join(dir, 'c.txt'));
  copyFileSync(join(FIXTURES, 'canonical/messages-with-bad-rows.csv'), join(dir, 'd.csv'));
  mkdirSync(join(dir, '.hidden'));
  writeFileSync(join(dir, '.hidden', 'x.txt'), 'not an export');
  const context = await memoryContext();
  const summaries = await importMessageFiles(context, [dir]);
  assert.deepEqual(summaries.map((s) => [s.file, s.format]), [['a.csv', 'twilio'], ['b.log', 'cloud-api'], ['c.txt', 'whatsapp'], ['d.csv', 'csv']]);
  for (const s of summaries) assert.equal(s.messages + s.duplicates + s.rejects + s.systemRows, s.rowsRead, `${s.file}: every row accounted for`);
  context.warehouse.close();
});

test('a file no reader recognises, a wrong --format and an empty zip fail with one clear line', async () => {
  const dir = tempDir();
  const notes = join(dir, 'notes.txt');
  writeFileSync(notes, 'lista del súper\nleche\n');
  const context = await memoryContext();
  await assert.rejects(importMessageFiles(context, [notes]), /notes\.txt:1: cannot tell the format from the content; pass --format/);
  await assert.rejects(importMessageFiles(context, [join(IMPORT, 'whatsapp/group.txt')], { format: 'twilio' }), /missing Twilio columns from, to, body/);
  assert.equal(await context.warehouse.scalar('SELECT count(*) FROM import_batches'), 0, 'nothing half-imported');
  context.warehouse.close();
});

test('the CLI imports a zip and a webhook log and prints a summary per file', () => {
  const dir = tempDir();
  const result = spawnSync(process.execPath, [BIN, '--db', join(dir, 'w.duckdb'), 'import',
    join(IMPORT, 'whatsapp/*.zip'), join(IMPORT, 'cloud-api/webhook.ndjson'), '--owner', 'Campaña Norte',
    '--contacts', join(IMPORT, 'contacts-with-names.csv')], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', BUZON_DB: '' } });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stderr, /WhatsApp Chat - Lupita Ramírez\.zip:_chat\.txt \[whatsapp, batch 2\]: 8 rows read, 7 messages, 1 system rows, 0 duplicates skipped, 0 rejected/);
  assert.match(result.stderr, /2 other files in the zip \(media\) left aside/);
  assert.match(result.stderr, /account owner "Campaña Norte" \(option\)/);
  assert.match(result.stderr, /webhook\.ndjson \[cloud-api, batch 3\]: 16 rows read, 13 messages, 2 system rows, 1 duplicates skipped, 0 rejected/);
  assert.match(result.stderr, /3 status updates/);
  const bad = spawnSync(process.execPath, [BIN, '--db', join(dir, 'w.duckdb'), 'import', 'x.txt', '--date-order', 'ydm'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
});
