import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WhatsAppParser, dateParts, decideDateOrder, looksLikeWhatsApp, parseWhatsAppText, type WhatsAppEntry } from '../../src/import/whatsapp-parser.ts';

const NN = '\u202f';
const NB = '\u00a0';
const LRM = '\u200e';

function one(line: string): WhatsAppEntry {
  const { entries } = parseWhatsAppText(`${line}\n`);
  assert.equal(entries.length, 1, `one entry from ${JSON.stringify(line)}`);
  return entries[0]!;
}

test('Android and iOS headers in every clock and spacing give the same 24-hour time', () => {
  const cases: [string, number, number, number][] = [
    ['14/09/24, 21:05 - Ana: hola', 21, 5, 0],
    [`[14/09/24, 9:05:31${NN}p.${NN}m.] Ana: hola`, 21, 5, 31],
    [`[14/09/24, 9:05:31${NB}p.${NB}m.] Ana: hola`, 21, 5, 31],
    ['[14/09/24, 9:05:31 p. m.] Ana: hola', 21, 5, 31],
    ['14/09/24, 9:05 p.m. - Ana: hola', 21, 5, 0],
    [`9/14/24, 9:05${NN}PM - Ana: hola`, 21, 5, 0],
    ['9/14/24, 12:05 am - Ana: hola', 0, 5, 0],
    ['9/14/24, 12:05 PM - Ana: hola', 12, 5, 0],
    ['14/09/24, 00:08 a. m. - Ana: hola', 0, 8, 0],
    ['14/09/24, 13:37 p. m. - Ana: hola', 13, 37, 0],
    ['22/9/20 14:38 - Ana: hola', 14, 38, 0],
    ['22.9.20, 13:34. - Ana: hola', 13, 34, 0],
    [`${LRM}[14/09/2024, 21:05:00] Ana: hola`, 21, 5, 0],
  ];
  for (const [line, hour, minute, second] of cases) {
    const entry = one(line);
    assert.deepEqual([entry.hour, entry.minute, entry.second, entry.author, entry.text], [hour, minute, second, 'Ana', 'hola'], line);
  }
});

test('the author ends at the first ": "; the text keeps later colons and dashes', () => {
  const entry = one('14/09/24, 21:05 - Pepe - Taller 🚗: la calle: Hidalgo - esquina');
  assert.equal(entry.author, 'Pepe - Taller 🚗');
  assert.equal(entry.text, 'la calle: Hidalgo - esquina');
  const number = one(`14/09/24, 21:05 - \u202a+52 1 55 1234 5678\u202c: hola`);
  assert.equal(number.author, '+52 1 55 1234 5678', 'directional marks around a number are stripped');
});

test('lines without a timestamp continue the message, blank lines included', () => {
  const { entries } = parseWhatsAppText('14/09/24, 21:05 - Ana: uno\ndos\n\ntres\n14/09/24, 21:06 - Ana: otro\n');
  assert.equal(entries.length, 2);
  assert.equal(entries[0]!.text, 'uno\ndos\n\ntres');
  assert.equal(entries[1]!.line, 5);
});

test('text split anywhere across pushes parses the same as in one piece', () => {
  const text = '\ufeff14/09/24, 21:05 - Ana: uno\r\ndos\r\n14/09/24, 21:06 - Beto: <Multimedia omitido>\r\n14/09/24, 21:07 - Ana: fin';
  const whole = parseWhatsAppText(text).entries;
  for (let size = 1; size < 12; size++) {
    const entries: WhatsAppEntry[] = [];
    const parser = new WhatsAppParser((e) => entries.push(e));
    for (let i = 0; i < text.length; i += size) parser.push(text.slice(i, i + size));
    parser.end();
    assert.deepEqual(entries, whole, `pieces of ${size}`);
  }
  assert.deepEqual(whole.map((e) => e.text), ['uno\ndos', '', 'fin']);
});

test('system lines are system rows, with or without an author', () => {
  const { entries, ownerHints } = parseWhatsAppText([
    '14/09/24, 21:05 - Los mensajes y las llamadas están cifrados de extremo a extremo. Nadie fuera de este chat puede leerlos.',
    '14/09/24, 21:05 - Vecinos: Los mensajes y las llamadas están cifrados de extremo a extremo.',
    '14/09/24, 21:06 - Ana añadió a Beto',
    '14/09/24, 21:06 - Beto se unió usando el enlace de invitación de este grupo',
    '14/09/24, 21:07 - El código de seguridad de Beto cambió. Toca para más información.',
    '14/09/24, 21:08 - Beto: Se eliminó este mensaje.',
    '14/09/24, 21:08 - Campaña: Eliminaste este mensaje.',
    '14/09/24, 21:09 - Ana: This message was deleted',
    '14/09/24, 21:10 - Ana cambió el asunto de "Vecinos" a "Vecinos: Centro"',
    '14/09/24, 21:11 - Ana: un mensaje de verdad',
  ].join('\n'));
  assert.deepEqual(entries.map((e) => e.system), [
    'encryption', 'encryption', 'membership', 'membership', 'security_code', 'deleted', 'deleted', 'deleted', 'group_change', null,
  ]);
  assert.deepEqual([...ownerHints], ['Campaña'], 'who wrote "Eliminaste este mensaje" owns the export');
});

test('media placeholders and attachment lines are media with no text; a caption below stays', () => {
  const cases: [string, string, boolean, string][] = [
    ['<Multimedia omitido>', 'other', false, ''],
    ['<Media omitted>', 'other', false, ''],
    [`${LRM}imagen omitida`, 'image', false, ''],
    ['audio omitido', 'audio', false, ''],
    ['video omitido', 'video', false, ''],
    ['sticker omitido', 'sticker', false, ''],
    ['image omitted', 'image', false, ''],
    ['PTT-20220914-WA0007.opus (archivo adjunto)', 'audio', true, ''],
    [`${LRM}IMG-20220914-WA0012.jpg (file attached)`, 'image', false, ''],
    [`${LRM}<adjunto: 00000021-PHOTO-2022-09-14.jpg>`, 'image', false, ''],
    ['VID-20220914-WA0001.mp4 (archivo adjunto)\nmira esto', 'video', false, 'mira esto'],
    [`${LRM}propuesta.pdf • 3 páginas ${LRM}documento omitido`, 'document', false, ''],
  ];
  for (const [text, media, voice, body] of cases) {
    const entry = parseWhatsAppText(`14/09/24, 21:05 - Ana: ${text}\n`).entries[0]!;
    assert.deepEqual([entry.media, entry.voice, entry.text], [media, voice, body], text);
  }
  assert.equal(one('14/09/24, 21:05 - Ana: el audio omitido por error era importante').media, null);
});

test('edited markers are stripped and flagged', () => {
  const entry = one('14/09/24, 21:05 - Ana: ya llegó el agua <Se editó este mensaje.>');
  assert.deepEqual([entry.text, entry.edited], ['ya llegó el agua', true]);
  const english = one(`9/14/24, 9:05 PM - Ana: street 5 ${LRM}<This message was edited>`);
  assert.deepEqual([english.text, english.edited], ['street 5', true]);
});

test('the date order is decided per file from the data', () => {
  const order = (lines: string[]) => parseWhatsAppText(lines.map((d, i) => `${d}, 10:0${i} - Ana: x`).join('\n')).order;
  assert.equal(order(['03/04/24', '13/04/24']), 'dmy', 'a first field above 12');
  assert.equal(order(['04/03/24', '04/13/24']), 'mdy', 'a second field above 12');
  assert.equal(order(['2024-04-03', '2024-04-13']), 'ymd');
  assert.equal(order(['12/01/23', '01/02/23']), 'dmy', 'month-first would go backwards');
  assert.equal(order(['01/12/23', '02/01/23']), 'mdy', 'day-first would go backwards');
  assert.equal(order(['03/04/23', '04/04/23', '05/04/23']), 'dmy', 'the field that changes more often is the day');
  assert.equal(decideDateOrder({ entries: 0, yearFirst: 0, max1: 0, max2: 0, changes1: 0, changes2: 0, backwardsDmy: 0, backwardsMdy: 0 }), 'dmy');
  assert.deepEqual(dateParts({ f1: 3, f2: 4, f3: 24 }, 'dmy'), [2024, 4, 3]);
  assert.deepEqual(dateParts({ f1: 3, f2: 4, f3: 2024 }, 'mdy'), [2024, 3, 4]);
  assert.deepEqual(dateParts({ f1: 2024, f2: 4, f3: 3 }, 'dmy'), [2024, 4, 3], 'a 4-digit first field is a year whatever the order');
});

test('text before the first timestamp is reported, not silently dropped', () => {
  const { entries, orphans } = parseWhatsAppText('exportado a mano\n\n14/09/24, 21:05 - Ana: hola\n');
  assert.equal(entries.length, 1);
  assert.deepEqual(orphans, [{ line: 1, text: 'exportado a mano' }]);
});

test('format detection recognises both families and nothing else', () => {
  assert.ok(looksLikeWhatsApp('14/09/24, 21:05 - Ana: hola\n14/09/24, 21:06 - Ana: otra\n'));
  assert.ok(looksLikeWhatsApp(`${LRM}[14/09/24, 9:05:31${NN}p.${NN}m.] Ana: hola\n`));
  assert.ok(looksLikeWhatsApp('Este archivo fue editado\n14/09/24, 21:05 - Ana: hola\n'));
  assert.ok(!looksLikeWhatsApp('message_id,sender,sent_at\nm1,+52,2024-09-14T21:05:00Z\n'));
  assert.ok(!looksLikeWhatsApp('{"object":"whatsapp_business_account"}\n'));
});
