import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { importContactsFile } from '../../src/import/contacts-importer.ts';
import { formatImportSummary, importMessageFiles } from '../../src/import/import-runner.ts';
import { FIXTURES, memoryContext } from '../helpers.ts';
import { importedFacts } from './import-assertions.ts';

const WA = join(FIXTURES, 'import/whatsapp');
const LUPITA_ZIP = join(WA, 'WhatsApp Chat - Lupita Ramírez.zip');

test('Android, 24 h, Spanish, numbers as authors: messages, system rows, media, the owner out', async () => {
  const context = await memoryContext();
  const [summary] = await importMessageFiles(context, [join(WA, 'android-24h-es.txt')]);
  assert.deepEqual([summary!.rowsRead, summary!.messages, summary!.systemRows, summary!.rejects], [10, 8, 2, 0]);
  assert.deepEqual(await importedFacts(context), {
    messages: 8, senders: 1, first: '2024-09-15T03:05:00Z', last: '2024-09-15T19:00:00Z', inbound: 6, outbound: 2,
    media: { audio: 1, image: 1, other: 1 }, system: { deleted: 1, encryption: 1 }, rejects: [],
  });
  assert.deepEqual(summary!.details, { date_order: 'dmy', owner: 'Campaña Norte', owner_from: 'name-among-numbers', chat: 'direct', participants: 1 });
  const multi = await context.warehouse.one<{ body: string }>('SELECT body FROM messages WHERE source_line = 3');
  assert.equal(multi!.body, 'la calle: Hidalgo - esquina con Juárez\ny nadie viene\n\nllevamos 5 días');
  const flags = await context.warehouse.all<{ line: number; voice: boolean | null; edited: boolean | null; body: string | null }>(
    "SELECT source_line AS line, (extra->>'voice_note')::BOOLEAN AS voice, (extra->>'edited')::BOOLEAN AS edited, body FROM messages WHERE extra IS NOT NULL ORDER BY line");
  assert.deepEqual(flags, [{ line: 9, voice: true, edited: null, body: null }, { line: 11, voice: null, edited: true, body: 'perdón, era para otra persona' }]);
  const caption = await context.warehouse.one('SELECT direction, media, body FROM messages WHERE source_line = 12');
  assert.deepEqual(caption, { direction: 'out', media: 'image', body: 'folleto de la propuesta' });
  const phones = await context.warehouse.all('SELECT e164 FROM contact_phones');
  assert.deepEqual(phones, [{ e164: '+525512345678' }], 'the +52 1 form of the author is one E.164 number');
  assert.match(formatImportSummary([summary!]).join('\n'), /date order DMY; account owner "Campaña Norte"/);
  context.warehouse.close();
});

test('iOS, 12 h with narrow no-break spaces, inside a zip: the chat name tells the owner', async () => {
  const context = await memoryContext();
  const [summary] = await importMessageFiles(context, [LUPITA_ZIP]);
  assert.equal(summary!.file, 'WhatsApp Chat - Lupita Ramírez.zip:_chat.txt');
  assert.deepEqual([summary!.rowsRead, summary!.messages, summary!.systemRows], [8, 7, 1]);
  assert.equal(summary!.details!.ignored_files, 2, 'the photo and the audio in the zip are counted, not imported');
  assert.equal(summary!.details!.owner_from, 'chat-name');
  assert.deepEqual(await importedFacts(context), {
    messages: 7, senders: 1, first: '2024-10-04T03:05:31Z', last: '2024-10-13T14:15:00Z', inbound: 6, outbound: 1,
    media: { audio: 1, image: 2 }, system: { encryption: 1 }, rejects: [],
  });
  const around = await context.warehouse.all<{ t: string }>(
    "SELECT strftime(sent_at, '%H:%M:%S') AS t FROM messages WHERE source_line IN (5, 6) ORDER BY source_line");
  assert.deepEqual(around.map((r) => r.t), ['05:59:59', '06:00:01'], '11:59:59 p. m. and 12:00:01 a. m. around midnight');
  const unresolved = await context.warehouse.one('SELECT bool_and(NOT sender_resolved) AS all_unresolved, any_value(sender_name) AS name FROM messages');
  assert.deepEqual(unresolved, { all_unresolved: true, name: 'Lupita Ramírez' });
  context.warehouse.close();
});

test('a contacts sheet with a name column resolves chat authors to their numbers', async () => {
  const context = await memoryContext();
  await importContactsFile(context, join(FIXTURES, 'import/contacts-with-names.csv'));
  await importMessageFiles(context, [LUPITA_ZIP, join(WA, 'android-24h-es.txt')]);
  const senders = await context.warehouse.all<{ source: string; resolved: boolean; senders: number }>(
    `SELECT source_file AS source, bool_and(sender_resolved) AS resolved, count(DISTINCT sender_key) AS senders
     FROM messages GROUP BY source_file ORDER BY source_file`);
  assert.deepEqual(senders.map((s) => [s.resolved, s.senders]), [[true, 1], [true, 1]]);
  assert.equal(await context.warehouse.scalar('SELECT count(DISTINCT sender_key) FROM messages'), 1,
    'Lupita by name (iOS export) and by number (Android export) is one sender');
  context.warehouse.close();
});

test('English, month-first, 12 h: the owner is who deleted their own message', async () => {
  const context = await memoryContext();
  const [summary] = await importMessageFiles(context, [join(WA, 'android-12h-en-mdy.txt')]);
  assert.equal(summary!.details!.date_order, 'mdy');
  assert.equal(summary!.details!.owner, 'Campaign North');
  assert.deepEqual(await importedFacts(context), {
    messages: 5, senders: 1, first: '2024-09-15T03:05:00Z', last: '2024-09-15T18:15:00Z', inbound: 4, outbound: 1,
    media: { image: 1, other: 1 }, system: { deleted: 2, encryption: 1, security_code: 1 }, rejects: [],
  });
  context.warehouse.close();
});

test('ambiguous dates follow the sequence; --date-order overrides it', async () => {
  const decided = await memoryContext();
  const [auto] = await importMessageFiles(decided, [join(WA, 'ambiguous-dates.txt')]);
  assert.equal(auto!.details!.date_order, 'dmy');
  const facts = await importedFacts(decided);
  assert.deepEqual([facts.messages, facts.first, facts.last], [5, '2023-04-03T16:00:00Z', '2023-05-01T16:00:00Z']);
  assert.match(decided.logger.text(), /owner is not known/);
  decided.warehouse.close();

  const forced = await memoryContext();
  await importMessageFiles(forced, [join(WA, 'ambiguous-dates.txt')], { readerOptions: { dateOrder: 'mdy' } });
  const mdy = await importedFacts(forced);
  assert.deepEqual([mdy.messages, mdy.first, mdy.last], [5, '2023-01-05T16:00:00Z', '2023-12-04T16:00:00Z']);
  forced.warehouse.close();
});

test('Latin-American variants, year-first dates and impossible 12 h times', async () => {
  const context = await memoryContext();
  await importMessageFiles(context, [join(WA, 'latam-variants.txt'), join(WA, 'year-first.txt')]);
  const latam = await importedFacts(context, 'latam-variants.txt');
  assert.deepEqual([latam.messages, latam.first, latam.last, latam.rejects.length], [5, '2024-09-22T20:38:00Z', '2024-09-23T19:37:00Z', 0]);
  const times = await context.warehouse.all<{ t: string }>(
    "SELECT strftime(timezone('America/Mexico_City', sent_at), '%d %H:%M') AS t FROM messages WHERE source_file = 'latam-variants.txt' ORDER BY source_line");
  assert.deepEqual(times.map((r) => r.t), ['22 14:38', '22 14:39', '22 14:40', '23 00:08', '23 13:37']);
  const yearFirst = await importedFacts(context, 'year-first.txt');
  assert.deepEqual([yearFirst.messages, yearFirst.first, yearFirst.last], [2, '2024-01-15T20:38:00Z', '2024-01-15T20:39:00Z']);
  context.warehouse.close();
});

test('a group export: several citizens in, the owner out under the group, joins and changes as system rows', async () => {
  const context = await memoryContext();
  const [summary] = await importMessageFiles(context, [join(WA, 'group.txt')], { readerOptions: { owner: 'Campaña Norte' } });
  assert.equal(summary!.details!.chat, 'group');
  assert.deepEqual(await importedFacts(context), {
    messages: 4, senders: 4, first: '2024-01-11T00:02:00Z', last: '2024-01-11T00:07:00Z', inbound: 3, outbound: 1,
    media: {}, system: { group_change: 1, membership: 3, security_code: 1 }, rejects: [],
  });
  const authors = await context.warehouse.all<{ author: string; direction: string }>(
    "SELECT extra->>'author' AS author, direction FROM messages ORDER BY source_line");
  assert.deepEqual(authors.map((a) => a.direction), ['out', 'in', 'in', 'in']);
  assert.equal(authors[0]!.author, 'Campaña Norte');
  assert.equal(await context.warehouse.scalar("SELECT value FROM settings WHERE key = 'whatsapp_owner'"), 'Campaña Norte', '--owner is remembered');
  context.warehouse.close();
});

test('the owner is found across conversation files: the author present in several of them', async () => {
  const context = await memoryContext();
  const [group, lupita] = await importMessageFiles(context, [join(WA, 'group.txt'), LUPITA_ZIP]);
  assert.equal(group!.details!.owner, 'Campaña Norte');
  assert.equal(group!.details!.owner_from, 'files');
  assert.equal(lupita!.details!.owner, 'Campaña Norte');
  context.warehouse.close();
});

test('a line before the first message and an impossible date are rejects with their lines', async () => {
  const context = await memoryContext();
  const [summary] = await importMessageFiles(context, [join(WA, 'orphans.txt')]);
  assert.deepEqual([summary!.rowsRead, summary!.messages, summary!.rejects], [3, 1, 2]);
  const facts = await importedFacts(context);
  assert.deepEqual(facts.rejects.map((r) => r.line), [1, 3]);
  assert.match(facts.rejects[0]!.reason, /before the first timestamped message/);
  assert.match(facts.rejects[1]!.reason, /not valid when read as DMY/);
  context.warehouse.close();
});
