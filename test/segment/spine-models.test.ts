import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { importMessageFiles } from '../../src/import/import-runner.ts';
import { buildModels } from '../../src/segment/sql-runner.ts';
import { FIXTURES, memoryContext } from '../helpers.ts';

// Hand count of week-sample.csv in America/Mexico_City (UTC-6):
// Mon 14 Sep 20h: w1, w2, w3 (2 senders); w4 is 15 Sep 01:30 UTC = Mon 14 Sep 19:30 local;
// Sat 19 Sep 9h: w5 (w6 is outbound); Sun 20 Sep 23h: w7.
test('the spine models count messages per local day and hour of week', async () => {
  const context = await memoryContext();
  await importMessageFiles(context, [join(FIXTURES, 'canonical/week-sample.csv')]);
  await buildModels(context, { select: ['messages_per_day', 'messages_by_hour_of_week'] });

  const hours = await context.warehouse.all('SELECT weekday, hour, messages, senders FROM messages_by_hour_of_week ORDER BY weekday, hour');
  assert.deepEqual(hours, [
    { weekday: 1, hour: 19, messages: 1, senders: 1 },
    { weekday: 1, hour: 20, messages: 3, senders: 2 },
    { weekday: 6, hour: 9, messages: 1, senders: 1 },
    { weekday: 7, hour: 23, messages: 1, senders: 1 },
  ]);
  const days = await context.warehouse.all("SELECT strftime(day, '%Y-%m-%d') AS day, direction, messages, senders FROM messages_per_day ORDER BY day, direction");
  assert.deepEqual(days, [
    { day: '2026-09-14', direction: 'in', messages: 4, senders: 2 },
    { day: '2026-09-19', direction: 'in', messages: 1, senders: 1 },
    { day: '2026-09-19', direction: 'out', messages: 1, senders: 1 },
    { day: '2026-09-20', direction: 'in', messages: 1, senders: 1 },
  ]);
  assert.match(context.logger.text(), /messages_per_day\s+rebuilt\s+4 rows/);
  context.warehouse.close();
});
