import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { openContext } from '../../src/db/context.ts';
import { importMessageFile } from '../../src/import/import-runner.ts';
import { tempDir } from '../helpers.ts';
import { buzonSync } from '../reliability/crash-harness.ts';

test('buzon forget from the shell: one summary, the person gone, a masked refusal for what is not a number', async () => {
  const dir = tempDir();
  const db = join(dir, 'w.duckdb');
  const file = join(dir, 'm.csv');
  writeFileSync(file, [
    'message_id,sender,sent_at,direction,body',
    'm1,+52 55 1234 5678,2026-09-14T21:05:31-06:00,in,hola',
    'm2,+52 81 8765 4321,2026-09-14T21:06:00-06:00,in,mi vecina es 55 1234 5678',
    '',
  ].join('\n'));
  let context = await openContext({ db, logger: createMemoryLogger() });
  await importMessageFile(context, file);
  context.warehouse.close();

  const forgot = buzonSync(['--db', db, 'forget', '5215512345678', '--by', 'ARCO-7', '--no-rebuild']);
  assert.equal(forgot.code, 0, forgot.stderr);
  assert.match(forgot.stderr, /forgot sender [0-9a-f]{32}: 1 messages, 0 contact rows, 1 phone rows, 0 other rows .*number masked in 1 rows written by others/);
  assert.match(forgot.stderr, /rewrote the warehouse file/);
  assert.ok(!/5512345678|1234 5678/.test(forgot.stdout + forgot.stderr), 'the number is never printed');
  assert.ok(!readFileSync(db).includes(Buffer.from('+525512345678')));

  context = await openContext({ db, logger: createMemoryLogger() });
  assert.deepEqual(await context.warehouse.all('SELECT message_id, body FROM messages'), [{ message_id: 'm2', body: 'mi vecina es +52 55 •••• 5678' }]);
  assert.deepEqual(await context.warehouse.all('SELECT who, messages, phones, mentions_masked FROM forget_log'), [{ who: 'ARCO-7', messages: 1, phones: 1, mentions_masked: 1 }]);
  context.warehouse.close();

  const refused = buzonSync(['--db', db, 'forget', 'tel. 55-1234-XXXX']);
  assert.equal(refused.code, 1);
  assert.equal(refused.stderr.trim().split('\n').length, 1);
  assert.match(refused.stderr, /^error: •••• 1234: not a phone number/);
});
