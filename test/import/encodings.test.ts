import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { importContactsFile } from '../../src/import/contacts-importer.ts';
import { detectEncoding, readHead } from '../../src/import/file-encoding.ts';
import { importMessageFiles } from '../../src/import/import-runner.ts';
import { FIXTURES, memoryContext, tempDir } from '../helpers.ts';
import { importedFacts } from './import-assertions.ts';

const CHAT = join(FIXTURES, 'import/whatsapp/android-24h-es.txt');
const TWILIO = join(FIXTURES, 'import/twilio/twilio-export.csv');

/** Windows-1252 bytes, as Excel in Mexico saves them (“ ” € live in 0x80–0x9F). */
function windows1252(text: string): Buffer {
  const special: Record<string, string> = { '“': '\x93', '”': '\x94', '€': '\x80', '…': '\x85' };
  return Buffer.from(text.replace(/[“”€…]/g, (c) => special[c]!), 'latin1');
}

function utf16(text: string, bigEndian: boolean): Buffer {
  const body = Buffer.from(`\ufeff${text}`, 'utf16le');
  return bigEndian ? body.swap16() : body;
}

test('a chat export in UTF-16 LE or BE with a BOM, or in Windows-1252, reads like the UTF-8 one', async () => {
  const dir = tempDir();
  const text = readFileSync(CHAT, 'utf8');
  const reference = await memoryContext();
  await importMessageFiles(reference, [CHAT]);
  const expected = await importedFacts(reference);
  const bodies = await reference.warehouse.all('SELECT body FROM messages ORDER BY source_line');
  reference.warehouse.close();
  for (const [name, bytes, encoding] of [
    ['utf16le.txt', utf16(text, false), 'utf-16'], ['utf16be.txt', utf16(text, true), 'utf-16'], ['cp1252.txt', windows1252(text), 'latin-1'],
  ] as const) {
    const file = join(dir, name);
    writeFileSync(file, bytes);
    assert.equal(detectEncoding(readHead(file)), encoding, name);
    const context = await memoryContext();
    const [summary] = await importMessageFiles(context, [file]);
    assert.equal(summary!.format, 'whatsapp', name);
    assert.deepEqual(await importedFacts(context), expected, name);
    assert.deepEqual(await context.warehouse.all('SELECT body FROM messages ORDER BY source_line'), bodies, `${name}: accents intact`);
    context.warehouse.close();
  }
});

test('a Twilio CSV saved by Excel in Windows-1252 keeps “quotes”, € and ñ', async () => {
  const dir = tempDir();
  const file = join(dir, 'twilio-1252.csv');
  const text = readFileSync(TWILIO, 'utf8').replace('Claro que sí', 'Claro que sí “mañana” cuesta 5 €');
  writeFileSync(file, windows1252(text));
  const context = await memoryContext();
  const [summary] = await importMessageFiles(context, [file]);
  assert.deepEqual([summary!.format, summary!.messages, summary!.details!.encoding], ['twilio', 5, 'latin-1']);
  assert.equal(await context.warehouse.scalar("SELECT body FROM messages WHERE message_id = 'SM002'"), 'Claro que sí “mañana” cuesta 5 €');
  context.warehouse.close();
});

test('--encoding forces a decoding the sniffing would not choose', async () => {
  const dir = tempDir();
  const file = join(dir, 'forced.csv');
  // Valid UTF-8, so sniffing says UTF-8; forced to Windows-1252, each byte is one character (0x83 is ƒ).
  writeFileSync(file, Buffer.from(readFileSync(TWILIO, 'utf8').replace('Claro que sí', 'Ã±o'), 'utf8'));
  const context = await memoryContext();
  await importMessageFiles(context, [file], { encoding: 'windows-1252' });
  assert.equal(await context.warehouse.scalar("SELECT body FROM messages WHERE message_id = 'SM002'"), 'ÃƒÂ±o');
  context.warehouse.close();
});

test('a contacts sheet in Windows-1252 keeps accents, and its names resolve chat authors', async () => {
  const dir = tempDir();
  const sheet = join(dir, 'contactos.csv');
  writeFileSync(sheet, windows1252(readFileSync(join(FIXTURES, 'import/contacts-with-names.csv'), 'utf8')));
  const context = await memoryContext();
  await importContactsFile(context, sheet);
  assert.deepEqual(await context.warehouse.all('SELECT state_declared FROM contacts ORDER BY age'), [{ state_declared: 'CDMX' }, { state_declared: 'Nuevo León' }]);
  await importMessageFiles(context, [join(FIXTURES, 'import/whatsapp/WhatsApp Chat - Lupita Ramírez.zip')]);
  assert.equal(await context.warehouse.scalar('SELECT bool_and(sender_resolved) FROM messages'), true, '"Lupita Ramírez" matched across encodings');
  context.warehouse.close();
});
