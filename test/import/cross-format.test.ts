import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { importMessageFiles } from '../../src/import/import-runner.ts';
import { FIXTURES, memoryContext, tempDir } from '../helpers.ts';

const CHAT = join(FIXTURES, 'import/whatsapp/android-24h-es.txt');
const WEBHOOK = join(FIXTURES, 'import/cloud-api/webhook.ndjson');
const TWILIO = join(FIXTURES, 'import/twilio/twilio-export.csv');

test('one person through a chat export, a webhook log and a Twilio CSV is one sender', async () => {
  const context = await memoryContext();
  await importMessageFiles(context, [CHAT, WEBHOOK, TWILIO]);
  const bySource = await context.warehouse.all<{ source_file: string; n: number }>(
    `SELECT source_file, count(*) AS n FROM messages
     WHERE sender_key = (SELECT sender_key FROM messages WHERE message_id = 'SM001')
     GROUP BY source_file ORDER BY source_file`);
  assert.deepEqual(bySource, [
    { source_file: 'android-24h-es.txt', n: 8 },
    { source_file: 'twilio-export.csv', n: 4 },
    { source_file: 'webhook.ndjson', n: 7 },
  ]);
  // The webhook's eighth message from her is the chat export's first one: stored once (see below).
  assert.equal(await context.warehouse.scalar("SELECT count(*) FROM contact_phones WHERE e164 = '+525512345678'"), 1);
  context.warehouse.close();
});

test('the same message seen in a chat export (minutes) and a webhook (seconds) is stored once, in either order', async () => {
  for (const order of [[CHAT, WEBHOOK], [WEBHOOK, CHAT]]) {
    const context = await memoryContext();
    const [first, second] = await importMessageFiles(context, order);
    const overlap = await context.warehouse.all<{ message_id: string; source_file: string }>(
      "SELECT message_id, source_file FROM messages WHERE body = 'ya no hay agua en la colonia desde el lunes'");
    assert.equal(overlap.length, 1, `stored once when ${order.map((f) => f.split('/').pop()).join(' then ')}`);
    assert.equal(first!.messages + second!.messages, 8 + 13 - 1);
    const webhookSummary = order[0] === WEBHOOK ? first! : second!;
    const chatSummary = order[0] === WEBHOOK ? second! : first!;
    if (order[0] === CHAT) assert.equal(webhookSummary.duplicates, 2, 'the redelivered wamid and the message the chat export had');
    else assert.equal(chatSummary.duplicates, 1);
    context.warehouse.close();
  }
});

test('identical messages in one minute are each kept; a later, longer export adds only what is new', async () => {
  const dir = tempDir();
  const lines = [
    '14/09/24, 21:05 - +52 1 55 1234 5678: <Multimedia omitido>',
    '14/09/24, 21:05 - +52 1 55 1234 5678: <Multimedia omitido>',
    '14/09/24, 21:05 - +52 1 55 1234 5678: <Multimedia omitido>',
    '14/09/24, 21:06 - +52 1 55 1234 5678: hola',
    '14/09/24, 21:06 - +52 1 55 1234 5678: hola',
  ];
  const early = join(dir, 'export-1.txt');
  const later = join(dir, 'export-2.txt');
  writeFileSync(early, `${lines.join('\n')}\n`);
  writeFileSync(later, `${[...lines, '15/09/24, 10:00 - +52 1 55 1234 5678: algo nuevo'].join('\n')}\n`);
  const context = await memoryContext();
  const [one] = await importMessageFiles(context, [early]);
  assert.deepEqual([one!.messages, one!.duplicates], [5, 0], 'three photos and two "hola" in the same minute are five messages');
  const [two] = await importMessageFiles(context, [later]);
  assert.deepEqual([two!.messages, two!.duplicates], [1, 5]);
  const [again] = await importMessageFiles(context, [later]);
  assert.equal(again!.alreadyImported, two!.batchId, 'the very same file is recognised by its hash');
  assert.equal(await context.warehouse.scalar('SELECT count(*) FROM messages'), 6);
  context.warehouse.close();
});

test('re-importing every format adds nothing', async () => {
  const context = await memoryContext();
  const dir = tempDir();
  // Copies with other bytes (a trailing newline) are not caught by the file hash, only by identity.
  const copies = [CHAT, WEBHOOK, TWILIO].map((file, i) => {
    const copy = join(dir, `copy-${i}-${file.split('/').pop()}`);
    writeFileSync(copy, `${readFileSync(file, 'utf8')}\n`);
    return copy;
  });
  await importMessageFiles(context, [CHAT, WEBHOOK, TWILIO]);
  const before = await context.warehouse.scalar<number>('SELECT count(*) FROM messages');
  const summaries = await importMessageFiles(context, copies);
  assert.deepEqual(summaries.map((s) => s.messages), [0, 0, 0]);
  assert.equal(await context.warehouse.scalar('SELECT count(*) FROM messages'), before);
  context.warehouse.close();
});

test('generated data: the chat export, the webhook log and the Twilio log of one inbox are the same messages', async () => {
  const { generateSample } = await import('../../src/generate/sample-generator.ts');
  const sample = await generateSample({ messages: 1500, seed: 3, outDir: join(tempDir(), 'sample'), formats: ['whatsapp', 'cloud-api', 'twilio'] });
  const context = await memoryContext();
  const [chat, webhook, twilio] = await importMessageFiles(context, [
    sample.extraFiles['whatsapp-all']!, sample.extraFiles['cloud-api']!, sample.extraFiles.twilio!]);
  assert.equal(chat!.details!.owner, 'Campaña', 'the only author written as a name is the account');
  assert.equal(chat!.messages, 1500);
  assert.deepEqual([webhook!.messages, webhook!.rejects, twilio!.messages, twilio!.rejects], [0, 0, 0, 0],
    'every webhook and Twilio message is one the chat export already had');
  assert.equal(twilio!.duplicates, 1500);
  const truth = await context.warehouse.scalar<number>(
    `SELECT count(DISTINCT regexp_replace(sender, '[^0-9]', '', 'g')[-10:]) FROM read_csv($file, all_varchar = true)`, { file: sample.messagesFile });
  assert.equal(await context.warehouse.scalar('SELECT count(DISTINCT sender_key) FROM messages'), truth, 'one sender per person');
  context.warehouse.close();
});

test('a folder of one chat export per conversation imports as one batch per file, committed together', async () => {
  const { generateSample } = await import('../../src/generate/sample-generator.ts');
  const sample = await generateSample({ messages: 120, seed: 4, outDir: join(tempDir(), 'sample'), formats: ['whatsapp'] });
  const context = await memoryContext();
  const summaries = await importMessageFiles(context, [sample.extraFiles['whatsapp-dir']!]);
  assert.ok(summaries.length > 20, `${summaries.length} conversation files`);
  assert.equal(summaries.reduce((n, s) => n + s.messages, 0), 120);
  assert.ok(summaries.every((s) => s.messages + s.systemRows + s.duplicates + s.rejects === s.rowsRead));
  assert.equal(new Set(summaries.map((s) => s.batchId)).size, summaries.length, 'each file its own batch');
  assert.equal(await context.warehouse.scalar('SELECT count(*) FROM import_batches'), summaries.length);
  // Saved contacts appear by name in their own chat, by number in the big file: only those cannot meet.
  const byName = await context.warehouse.scalar<number>('SELECT count(*) FROM messages WHERE NOT sender_resolved');
  assert.ok(byName > 0 && byName < 120);
  const [all] = await importMessageFiles(context, [sample.extraFiles['whatsapp-all']!]);
  assert.deepEqual([all!.messages, all!.duplicates], [byName, 120 - byName], 'messages from numbered authors are not stored twice');
  context.warehouse.close();
});
