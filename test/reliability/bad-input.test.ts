import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { InputError } from '../../src/core/errors.ts';
import type { BuzonContext } from '../../src/db/context.ts';
import { importContactsFile } from '../../src/import/contacts-importer.ts';
import { importMessageFile, type FileImportSummary } from '../../src/import/import-runner.ts';
import { memoryContext, tempDir } from '../helpers.ts';
import { checkWarehouse } from './reliability-data.ts';

const HEADER = 'message_id,sender,sent_at,direction,body';
const row = (id: string, body: string, sender = '+52 55 1234 5678', at = '2026-09-14T21:05:31-06:00') => `${id},${sender},${at},in,${body}`;

async function load(context: BuzonContext, name: string, content: string | Buffer, kind: 'messages' | 'contacts' = 'messages'): Promise<FileImportSummary> {
  const file = join(tempDir(), name);
  writeFileSync(file, content);
  return kind === 'messages' ? importMessageFile(context, file) : importContactsFile(context, file);
}

/** Every batch accounts for every row it read, and the tables hold what the batches say. */
async function assertAccounted(context: BuzonContext, summary?: FileImportSummary): Promise<void> {
  if (summary) assert.equal(summary.messages + summary.systemRows + summary.duplicates + summary.rejects, summary.rowsRead, 'rows accounted for');
  assert.deepEqual((await checkWarehouse(context.warehouse)).problems, []);
}

async function assertRefused(promise: Promise<unknown>, pattern: RegExp, context: BuzonContext): Promise<void> {
  await assert.rejects(promise, (error: Error) => {
    assert.ok(error instanceof InputError, `${error.name}: ${error.message}`);
    assert.ok(!error.message.includes('\n'), 'one line');
    assert.match(error.message, pattern);
    return true;
  });
  assert.equal(await context.warehouse.scalar('SELECT count(*) FROM import_batches'), 0, 'nothing left behind');
}

async function bodies(context: BuzonContext): Promise<Record<string, string | null>> {
  const rows = await context.warehouse.all<{ message_id: string; body: string | null }>('SELECT message_id, body FROM messages ORDER BY message_id');
  return Object.fromEntries(rows.map((r) => [r.message_id, r.body]));
}

test('a semicolon-separated message file is refused naming the header line; a semicolon contact sheet loads', async () => {
  const context = await memoryContext();
  await assertRefused(load(context, 'semi.csv', 'message_id;sender;sent_at;direction;body\nm1;+52 55 1234 5678;2026-09-14T21:05:31-06:00;in;hola\n'),
    /^semi\.csv:1: missing columns sender, sent_at \(header read as "message_id;sender;sent_at;direction;body"; buzon's CSV is comma-separated/, context);
  const sheet = await load(context, 'contactos.csv', 'telefono;edad;estado\n+52 55 1234 5678;34;CDMX\n81 1234 5678;51;NL\n', 'contacts');
  assert.deepEqual([sheet.rowsRead, sheet.messages, sheet.rejects], [2, 2, 0]);
  await assertAccounted(context, sheet);
  context.warehouse.close();
});

test('a quote left open is refused at the line it opens; one on the last line is a reject', async () => {
  const context = await memoryContext();
  await assertRefused(load(context, 'open.csv', [HEADER, row('m1', 'bien'), row('m2', '"abre y no cierra'), row('m3', 'tragada'), row('m4', 'también'), ''].join('\n')),
    /^open\.csv:3: a quoted field opens on this line and never closes/, context);
  const last = await load(context, 'open-last.csv', [HEADER, row('m1', 'bien'), row('m2', '"abre al final'), ''].join('\n'));
  assert.deepEqual([last.rowsRead, last.messages, last.rejects], [2, 1, 1]);
  assert.equal(await context.warehouse.scalar('SELECT source_line FROM rejects'), 3);
  await assertAccounted(context, last);
  context.warehouse.close();
});

test('ragged rows are rejects with their line and what was expected; the others load', async () => {
  const context = await memoryContext();
  const summary = await load(context, 'ragged.csv', [HEADER, row('m1', 'uno'), 'm2,+52 55 1234 5678,2026-09-14T21:05:31-06:00,in', row('m3', 'tres,cuatro'), 'm4', row('m5', 'cinco'), ''].join('\n'));
  assert.deepEqual([summary.rowsRead, summary.messages, summary.rejects], [5, 2, 3]);
  const rejects = await context.warehouse.all<{ source_line: number; reason: string }>('SELECT source_line, reason FROM rejects ORDER BY source_line');
  assert.deepEqual(rejects.map((r) => r.source_line), [3, 4, 5]);
  assert.match(rejects[0]!.reason, /MISSING COLUMNS: Expected Number of Columns: 5 Found: 4/);
  assert.match(rejects[1]!.reason, /TOO MANY COLUMNS/);
  assert.deepEqual(await context.warehouse.all('SELECT message_id, source_line FROM messages ORDER BY source_line'),
    [{ message_id: 'm1', source_line: 2 }, { message_id: 'm5', source_line: 6 }]);
  await assertAccounted(context, summary);
  context.warehouse.close();
});

test('blank lines and rejected rows spanning several lines do not shift the line numbers of the rows after them', async () => {
  const context = await memoryContext();
  const summary = await load(context, 'gaps.csv', [HEADER, row('m1', 'uno'), '', '', row('m2', 'dos'), row('m3', '"tres\ncon salto",de más'),
    row('m4', 'cuatro'), '', row('m5', '"cinco\n\ncon línea vacía"'), row('m6', 'seis'), ''].join('\n'));
  assert.deepEqual([summary.rowsRead, summary.messages, summary.rejects], [6, 5, 1]);
  assert.deepEqual(await context.warehouse.all('SELECT message_id, source_line FROM messages ORDER BY message_id'), [
    { message_id: 'm1', source_line: 2 }, { message_id: 'm2', source_line: 5 }, { message_id: 'm4', source_line: 8 },
    { message_id: 'm5', source_line: 10 }, { message_id: 'm6', source_line: 13 },
  ]);
  assert.equal(await context.warehouse.scalar('SELECT source_line FROM rejects'), 6);
  await assertAccounted(context, summary);
  context.warehouse.close();
});

test('an empty file is refused; a header alone is an empty batch', async () => {
  const context = await memoryContext();
  await assertRefused(load(context, 'empty.csv', ''), /^empty\.csv: empty file/, context);
  await assertRefused(load(context, 'empty-contacts.csv', '', 'contacts'), /^empty-contacts\.csv: empty file/, context);
  for (const [name, content] of [['header.csv', `${HEADER}\n`], ['header-no-newline.csv', HEADER]] as const) {
    const summary = await load(context, name, content);
    assert.deepEqual([summary.rowsRead, summary.messages, summary.rejects], [0, 0, 0], name);
  }
  assert.equal(await context.warehouse.scalar('SELECT count(*) FROM import_batches'), 2);
  await assertAccounted(context);
  context.warehouse.close();
});

test('a 5 MB field loads whole; a 5 MB rejected row with accents is refused in one line, not a crash', async () => {
  const context = await memoryContext();
  const big = 'x'.repeat(5 * 1024 * 1024);
  const summary = await load(context, 'big.csv', [HEADER, row('m1', big), row('m2', 'después'), ''].join('\n'));
  assert.deepEqual([summary.messages, summary.rejects], [2, 0]);
  assert.equal(await context.warehouse.scalar("SELECT length(body) FROM messages WHERE message_id = 'm1'"), big.length);
  // DuckDB keeps 10,000 bytes of a rejected line and may cut a character in two (duckdb/duckdb#18980).
  const accented = 'ñandú '.repeat(900_000);
  await assert.rejects(load(context, 'big-ragged.csv', [HEADER, row('m3', 'bien'), `m4,${accented}`, ''].join('\n')), (error: Error) => {
    assert.ok(error instanceof InputError, error.message);
    assert.match(error.message, /^big-ragged\.csv:3: /);
    return true;
  }).catch(async () => {
    // Or DuckDB cut on a character boundary this time: then it is an ordinary reject.
    assert.equal(await context.warehouse.scalar("SELECT count(*) FROM rejects WHERE source_file = 'big-ragged.csv'"), 1);
  });
  await assertAccounted(context);
  context.warehouse.close();
});

test('NUL bytes are dropped and the row kept', async () => {
  const context = await memoryContext();
  const summary = await load(context, 'nul.csv', Buffer.from([HEADER.replace('sender', 'sen\0der'), row('m1', 'ho\0la'), row('m2', '\0\0bien'), ''].join('\n')));
  assert.deepEqual([summary.messages, summary.rejects], [2, 0]);
  assert.deepEqual(await bodies(context), { m1: 'hola', m2: 'bien' });
  assert.match(String(summary.details?.cleaned), /4 NUL bytes removed/);
  await assertAccounted(context, summary);
  context.warehouse.close();
});

test('stray bytes that are not UTF-8 in a UTF-8 file are read as Windows-1252, the rest as UTF-8', async () => {
  const context = await memoryContext();
  const lines = [HEADER, row('m1', 'mañana'), ...Array.from({ length: 30 }, (_, i) => row(`f${i}`, `acción ${i}`))];
  const content = Buffer.concat([Buffer.from(`${lines.join('\n')}\n${row('m2', 'se')}`), Buffer.from([0xf1, 0x6f, 0x72, 0x20, 0x93, 0x73, 0xed, 0x94]), Buffer.from('\n')]);
  const summary = await load(context, 'mixed.csv', content);
  assert.deepEqual([summary.messages, summary.rejects], [32, 0]);
  const text = await bodies(context);
  assert.equal(text.m1, 'mañana');
  assert.equal(text.m2, 'señor “sí”');
  await assertAccounted(context, summary);
  context.warehouse.close();
});

test('Windows-1252 files as Excel writes them in Mexico: messages and a contact sheet', async () => {
  const context = await memoryContext();
  const cp1252 = (text: string) => Buffer.from(text.replace('“', '\x93').replace('”', '\x94').replace('€', '\x80'), 'latin1');
  const summary = await load(context, 'excel.csv', cp1252(`${[HEADER, row('m1', 'Mañana “sí” hay 5€ para la pipa'), ''].join('\r\n')}`));
  assert.equal(summary.messages, 1);
  assert.equal((await bodies(context)).m1, 'Mañana “sí” hay 5€ para la pipa');
  const sheet = await load(context, 'excel-contacts.csv', Buffer.from('teléfono,edad,estado\r\n+52 81 1234 5678,40,Nuevo León\r\n', 'latin1'), 'contacts');
  assert.equal(sheet.messages, 1);
  assert.equal(await context.warehouse.scalar('SELECT state_declared FROM contacts'), 'Nuevo León');
  await assertAccounted(context, sheet);
  context.warehouse.close();
});

test('UTF-16 with a BOM, little- and big-endian', async () => {
  const context = await memoryContext();
  const text = `${[HEADER, row('le1', 'niño'), ''].join('\r\n')}`;
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const be = Buffer.from(text.replaceAll('le1', 'be1'), 'utf16le');
  be.swap16();
  for (const [name, bytes] of [['le.csv', le], ['be.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), be])]] as const) {
    const summary = await load(context, name, bytes);
    assert.deepEqual([summary.messages, summary.rejects], [1, 0], name);
  }
  assert.deepEqual(await bodies(context), { be1: 'niño', le1: 'niño' });
  await assertAccounted(context);
  context.warehouse.close();
});

test('mixed line endings: every row loads with the line an editor shows', async () => {
  const context = await memoryContext();
  const content = `${HEADER}\r\n${row('m1', 'uno')}\n${row('m2', 'dos')}\r${row('m3', '"tres\r\ncon salto"')}\n${row('m4', 'cuatro')}\r\n`;
  const summary = await load(context, 'eol.csv', content);
  assert.deepEqual([summary.rowsRead, summary.messages, summary.rejects], [4, 4, 0]);
  assert.deepEqual(await context.warehouse.all('SELECT message_id, source_line FROM messages ORDER BY message_id'),
    [{ message_id: 'm1', source_line: 2 }, { message_id: 'm2', source_line: 3 }, { message_id: 'm3', source_line: 4 }, { message_id: 'm4', source_line: 6 }]);
  assert.equal((await bodies(context)).m3, 'tres\ncon salto');
  await assertAccounted(context, summary);
  context.warehouse.close();
});

test('dates in the future or before 2000 are rejects that say so', async () => {
  const context = await memoryContext();
  const summary = await load(context, 'dates.csv', [HEADER, row('m1', 'futuro', undefined, '2031-01-01T10:00:00Z'), row('m2', 'pasado', undefined, '1999-12-31T23:59:59Z'),
    row('m3', 'mes 13', undefined, '2026-13-01T10:00:00Z'), row('m4', 'bien'), ''].join('\n'));
  assert.deepEqual([summary.messages, summary.rejects], [1, 3]);
  assert.deepEqual(await context.warehouse.all('SELECT source_line, reason FROM rejects ORDER BY source_line'), [
    { source_line: 2, reason: 'sent_at in the future' },
    { source_line: 3, reason: 'sent_at before 2000' },
    { source_line: 4, reason: 'sent_at is not an ISO 8601 date-time' },
  ]);
  await assertAccounted(context, summary);
  context.warehouse.close();
});

test('a message id twice in one file is one message and one duplicate', async () => {
  const context = await memoryContext();
  const summary = await load(context, 'dups.csv', [HEADER, row('m1', 'primero'), row('m1', 'otra vez m1', undefined, '2026-09-14T21:09:00-06:00'), row('m2', 'dos'), ''].join('\n'));
  assert.deepEqual([summary.rowsRead, summary.messages, summary.duplicates], [3, 2, 1]);
  assert.equal((await bodies(context)).m1, 'primero');
  await assertAccounted(context, summary);
  context.warehouse.close();
});

test('a phone that is not a number is a reject whose kept line shows no number', async () => {
  const context = await memoryContext();
  const summary = await load(context, 'phones.csv', [HEADER, row('m1', 'bien'), row('m2', 'letras', '55-ABCD-5678'), row('m3', 'corto', '12345'),
    row('m4', 'fecha mala con 81 1234 5678 en el texto', '+52 81 1234 5678', 'ayer'), ''].join('\n'));
  assert.deepEqual([summary.messages, summary.rejects], [1, 3]);
  const rejects = await context.warehouse.all<{ reason: string; raw: string }>('SELECT reason, raw FROM rejects ORDER BY source_line');
  assert.match(rejects[0]!.reason, /invalid sender phone: phone number has characters that are not digits/);
  assert.match(rejects[1]!.reason, /invalid sender phone: not a valid phone number/);
  assert.equal(rejects[2]!.raw, 'm4,•••• 5678,ayer,in,fecha mala con •••• 5678 en el texto');
  const contacts = await load(context, 'bad-contacts.csv', 'telefono,edad\nno tengo,30\n+52 55 1234 5678,abc\n', 'contacts');
  assert.deepEqual([contacts.rowsRead, contacts.messages, contacts.rejects], [2, 0, 2]);
  await assertAccounted(context, contacts);
  context.warehouse.close();
});
