import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { importMessageFiles } from '../../src/import/import-runner.ts';
import { FIXTURES, memoryContext } from '../helpers.ts';
import { importedFacts } from './import-assertions.ts';

const TWILIO = join(FIXTURES, 'import/twilio/twilio-export.csv');

test('Twilio log: inbound from From, outbound to To, every SentDate form, bad rows rejected', async () => {
  const context = await memoryContext();
  const [summary] = await importMessageFiles(context, [TWILIO]);
  assert.equal(summary!.format, 'twilio');
  assert.deepEqual([summary!.rowsRead, summary!.messages, summary!.duplicates, summary!.rejects], [9, 5, 1, 3]);
  const facts = await importedFacts(context);
  assert.deepEqual({ ...facts, rejects: facts.rejects.map((r) => r.line) }, {
    messages: 5, senders: 2, first: '2024-09-16T11:00:00Z', last: '2024-09-16T16:06:00Z', inbound: 3, outbound: 2,
    media: { image: 1 }, system: {}, rejects: [7, 8, 9],
  });
  assert.deepEqual(summary!.rejectsByReason, {
    'SentDate is not a date-time': 1, 'direction must be in or out': 1, 'invalid sender phone: not a valid phone number': 1,
  });
  const rows = await context.warehouse.all<{ id: string; direction: string; utc: string; status: string }>(
    "SELECT message_id AS id, direction, strftime(sent_at, '%H:%M:%S') AS utc, extra->>'status' AS status FROM messages ORDER BY message_id");
  assert.deepEqual(rows.map((r) => [r.id, r.direction, r.utc, r.status]), [
    ['SM001', 'in', '16:00:05', 'received'], ['SM002', 'out', '16:02:00', 'delivered'], ['SM003', 'out', '16:05:00', 'read'],
    ['SM004', 'in', '16:06:00', 'received'], ['SM005', 'in', '11:00:00', 'received'],
  ]);
  const citizen = await context.warehouse.scalar("SELECT count(DISTINCT sender_key) FROM messages WHERE message_id IN ('SM001', 'SM002', 'SM003', 'SM004')");
  assert.equal(citizen, 1, 'outbound rows belong to the citizen they were sent to');
  context.warehouse.close();
});
