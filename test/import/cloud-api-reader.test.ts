import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatImportSummary, importMessageFiles } from '../../src/import/import-runner.ts';
import { FIXTURES, memoryContext, tempDir } from '../helpers.ts';
import { importedFacts } from './import-assertions.ts';

const CLOUD = join(FIXTURES, 'import/cloud-api');

test('NDJSON webhook log: every message type, statuses counted apart, a redelivered wamid once', async () => {
  const context = await memoryContext();
  const [summary] = await importMessageFiles(context, [join(CLOUD, 'webhook.ndjson')]);
  assert.equal(summary!.format, 'cloud-api');
  assert.deepEqual([summary!.rowsRead, summary!.messages, summary!.systemRows, summary!.duplicates, summary!.rejects], [16, 13, 2, 1, 0]);
  assert.deepEqual(summary!.details, { payloads: 10, statuses: 3, other_changes: 0 });
  assert.deepEqual(await importedFacts(context), {
    messages: 13, senders: 2, first: '2024-09-15T03:05:31Z', last: '2024-09-15T08:01:00Z', inbound: 13, outbound: 0,
    media: { audio: 1, contacts: 1, document: 1, image: 1, location: 1, other: 1, sticker: 1, video: 1 },
    system: { reaction_removed: 1, 'system:user_changed_number': 1 }, rejects: [],
  });
  const rows = await context.warehouse.all<{ id: string; body: string | null; name: string }>(
    'SELECT message_id AS id, body, sender_name AS name FROM messages ORDER BY sent_at');
  const body = (id: string) => rows.find((r) => r.id === id)?.body;
  assert.equal(body('wamid.A2'), 'foto del bache', 'a caption is the body');
  assert.equal(body('wamid.A9'), 'Sí, quiero recibir información', 'button reply title');
  assert.equal(body('wamid.A10'), 'Seguridad', 'list reply title');
  assert.equal(body('wamid.A11'), 'Dejar de recibir', 'quick-reply button text');
  assert.equal(body('wamid.A12'), '👍', 'a reaction is its emoji');
  assert.equal(body('wamid.A7'), 'Parque Fundidora, Monterrey, N.L.');
  assert.equal(rows.find((r) => r.id === 'wamid.A3')!.name, 'Pedro', 'the profile name of the sender in a batched payload');
  assert.match(formatImportSummary([summary!]).join('\n'), /3 status updates .* counted, not messages/);
  const phones = await context.warehouse.all('SELECT e164 FROM contact_phones ORDER BY e164');
  assert.deepEqual(phones, [{ e164: '+525512345678' }, { e164: '+528123456789' }], '521… wa_ids become +52 and 10 digits');
  context.warehouse.close();
});

test('a JSON array of payloads loads the same way', async () => {
  const context = await memoryContext();
  const [summary] = await importMessageFiles(context, [join(CLOUD, 'webhook-array.json')]);
  assert.deepEqual([summary!.format, summary!.rowsRead, summary!.messages], ['cloud-api', 2, 2]);
  const facts = await importedFacts(context);
  assert.deepEqual([facts.senders, facts.first, facts.last], [2, '2024-09-16T15:00:00Z', '2024-09-16T15:30:00Z']);
  context.warehouse.close();
});

test('a log with a banner line and a truncated last line keeps the good lines and rejects the others', async () => {
  const context = await memoryContext();
  const [summary] = await importMessageFiles(context, [join(CLOUD, 'webhook-truncated.ndjson')]);
  assert.deepEqual([summary!.rowsRead, summary!.messages, summary!.rejects], [4, 2, 2]);
  const facts = await importedFacts(context);
  assert.deepEqual(facts.rejects, [{ line: 2, reason: 'not valid JSON' }, { line: 4, reason: 'not valid JSON' }]);
  const lines = await context.warehouse.all('SELECT source_line FROM messages ORDER BY source_line');
  assert.deepEqual(lines, [{ source_line: 1 }, { source_line: 3 }]);
  context.warehouse.close();
});

test('a single pretty-printed payload and an unreadable timestamp', async () => {
  const context = await memoryContext();
  const file = join(tempDir(), 'one.json');
  writeFileSync(file, JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: {
    messaging_product: 'whatsapp', contacts: [{ profile: { name: 'Ana' }, wa_id: '5213312345678' }],
    messages: [
      { from: '5213312345678', id: 'wamid.X1', timestamp: '1726412400', type: 'text', text: { body: 'hola' } },
      { from: '5213312345678', id: 'wamid.X2', timestamp: 'ayer', type: 'text', text: { body: 'sin hora' } },
    ] } }] }] }, null, 2));
  const [summary] = await importMessageFiles(context, [file]);
  assert.deepEqual([summary!.rowsRead, summary!.messages, summary!.rejects], [2, 1, 1]);
  assert.deepEqual(summary!.rejectsByReason, { 'timestamp is not Unix seconds': 1 });
  context.warehouse.close();
});
