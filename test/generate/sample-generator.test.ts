import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { generateSample, type GenerateResult } from '../../src/generate/sample-generator.ts';
import { AGE_BANDS, ISSUES, LADAS, STATES, ageBandIndex } from '../../src/generate/vocabulary.ts';

const N = 8000;
const SEED = 7;
const ALL_FORMATS = ['csv', 'whatsapp', 'cloud-api', 'twilio'] as const;

let root: string;
let a: GenerateResult;
let b: GenerateResult;
let messages: Record<string, string>[];
let truth: Record<string, string>[];
let contacts: Record<string, string>[];

function sha(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** sha256 of every file under a folder, by relative path. */
function treeHashes(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out.set(path.relative(dir, full), sha(full));
  }
  return out;
}

function readCsv(file: string): Record<string, string>[] {
  return parse(fs.readFileSync(file), { columns: true, bom: true, relax_column_count: false }) as Record<string, string>[];
}

/** Strip whatsapp:, +, spaces, (), -, and the 52 / 521 / 044 prefixes: the 10-digit national number. */
function national(phone: string): string {
  let d = phone.replace(/^whatsapp:/, '').replace(/[^\d]/g, '');
  if (d.length === 13 && d.startsWith('521')) d = d.slice(3);
  else if (d.length === 12 && d.startsWith('52')) d = d.slice(2);
  else if (d.length === 13 && (d.startsWith('044') || d.startsWith('045'))) d = d.slice(3);
  return d;
}

function ladaOf(digits: string) {
  return LADAS.find((l) => digits.startsWith(l.lada) && (l.lada.length === 2 ? !LADAS.some((o) => o.lada.length === 3 && digits.startsWith(o.lada)) : true));
}

before(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'buzon-generate-'));
  a = await generateSample({ messages: N, seed: SEED, outDir: path.join(root, 'a'), formats: [...ALL_FORMATS] });
  b = await generateSample({ messages: N, seed: SEED, outDir: path.join(root, 'b'), formats: [...ALL_FORMATS] });
  messages = readCsv(a.messagesFile);
  truth = readCsv(a.truthFile);
  contacts = readCsv(a.contactsFile);
});

after(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

test('same seed and options give byte-identical files, extra formats included', () => {
  const ha = treeHashes(path.join(root, 'a'));
  const hb = treeHashes(path.join(root, 'b'));
  assert.ok(ha.size > 8, `expected many files, got ${ha.size}`);
  assert.deepEqual([...ha.entries()].sort(), [...hb.entries()].sort());
  assert.equal(a.senders, b.senders);
});

test('a different seed gives different data; asking for extra formats does not change the canonical files', async () => {
  const c = await generateSample({ messages: N, seed: SEED + 1, outDir: path.join(root, 'c') });
  assert.notEqual(sha(c.messagesFile), sha(a.messagesFile));
  assert.notEqual(sha(c.truthFile), sha(a.truthFile));
  const d = await generateSample({ messages: N, seed: SEED, outDir: path.join(root, 'd') });
  assert.equal(sha(d.messagesFile), sha(a.messagesFile));
  assert.equal(sha(d.truthFile), sha(a.truthFile));
  assert.equal(sha(d.contactsFile), sha(a.contactsFile));
  assert.deepEqual(Object.keys(d.extraFiles), []);
});

test('headers, row counts and ids line up', () => {
  const header = fs.readFileSync(a.messagesFile, 'utf8').split('\n', 1)[0];
  assert.equal(header, 'message_id,sender,sent_at,direction,body,sender_name,media');
  assert.equal(fs.readFileSync(a.truthFile, 'utf8').split('\n', 1)[0], 'message_id,issues,state,age_band,noise,optout,chain');
  assert.equal(fs.readFileSync(a.contactsFile, 'utf8').split('\n', 1)[0], 'sender,age,birth_year,state_declared,source');
  assert.equal(messages.length, N);
  assert.equal(truth.length, N);
  assert.equal(a.messages, N);
  const ids = new Set(messages.map((m) => m.message_id));
  assert.equal(ids.size, N, 'message ids are unique');
  for (const t of truth) assert.ok(ids.has(t.message_id!), `truth id ${t.message_id} missing from messages.csv`);
  assert.ok(!fs.readFileSync(a.messagesFile, 'utf8').includes('\r\n'), 'line ends are \\n');
});

test('every sender is a 10-digit Mexican number whose lada matches the true state', () => {
  const people = new Set<string>();
  for (let i = 0; i < N; i++) {
    const m = messages[i]!;
    const digits = national(m.sender!);
    assert.match(digits, /^[1-9]\d{9}$/, `sender ${m.sender}`);
    people.add(digits);
    const lada = ladaOf(digits);
    assert.ok(lada, `unknown lada in ${m.sender}`);
    assert.ok(lada.states.includes(truth[i]!.state!), `${m.sender} (${lada.city}) vs truth ${truth[i]!.state}`);
  }
  assert.equal(people.size, a.senders);
  assert.ok(a.senders > N / 6 && a.senders < N / 3, `senders ${a.senders} should be roughly messages/4`);
  const forms = new Set(messages.map((m) => m.sender!.startsWith('whatsapp:') ? 'wa' : m.sender!.startsWith('+52 ') ? 'spaced'
    : m.sender!.startsWith('+52') ? 'compact' : m.sender!.startsWith('521') ? '521' : 'bare'));
  assert.deepEqual([...forms].sort(), ['521', 'bare', 'compact', 'spaced', 'wa']);
});

test('truth values are well formed; all 12 issues and two-issue messages appear', () => {
  const codes = new Set(STATES.map((s) => s.code));
  const seen = new Set<string>();
  let twoIssues = 0;
  let withIssue = 0;
  for (const t of truth) {
    const issues = t.issues ? t.issues.split(';') : [];
    for (const k of issues) {
      assert.ok((ISSUES as readonly string[]).includes(k), `unknown issue ${k}`);
      seen.add(k);
    }
    if (issues.length) withIssue++;
    if (issues.length >= 2) twoIssues++;
    assert.ok(codes.has(t.state!), `state ${t.state}`);
    assert.ok(t.age_band === '' || (AGE_BANDS as readonly string[]).includes(t.age_band!), `age band ${t.age_band}`);
    assert.ok(['', 'greeting', 'media', 'support', 'spam'].includes(t.noise!), `noise ${t.noise}`);
    assert.ok(['', '1', 'optin'].includes(t.optout!), `optout ${t.optout}`);
    assert.match(t.chain!, /^(chain-\d+)?$/);
  }
  assert.deepEqual([...seen].sort(), [...ISSUES].sort());
  const share = twoIssues / withIssue;
  assert.ok(share > 0.08 && share < 0.25, `two-issue share ${share}`);
});

test('direction, opt-outs, greetings, media and chains in sane proportions', () => {
  const count = (f: (i: number) => boolean) => { let c = 0; for (let i = 0; i < N; i++) if (f(i)) c++; return c; };
  const out = count((i) => messages[i]!.direction === 'out');
  assert.ok(out / N > 0.03 && out / N < 0.07, `out share ${out / N}`);
  assert.equal(count((i) => !['in', 'out'].includes(messages[i]!.direction!)), 0);
  const optouts = count((i) => truth[i]!.optout === '1');
  assert.ok(optouts / N > 0.005 && optouts / N < 0.03, `opt-out share ${optouts / N}`);
  const greetings = count((i) => truth[i]!.noise === 'greeting');
  assert.ok(greetings / N > 0.02 && greetings / N < 0.12, `greeting share ${greetings / N}`);
  for (let i = 0; i < N; i++) {
    const m = messages[i]!;
    const t = truth[i]!;
    if (m.direction === 'out') {
      assert.equal(t.issues, '', 'campaign replies carry no issue');
      assert.equal(m.media, '');
      // A reply follows the message it answers, from the same person, later in time.
      const prev = messages[i - 1]!;
      assert.equal(national(prev.sender!), national(m.sender!));
      assert.ok(Date.parse(m.sent_at!) > Date.parse(prev.sent_at!), `reply ${m.message_id} before its message`);
    }
    if (t.noise === 'media') {
      assert.equal(m.body, '');
      assert.ok(['image', 'audio', 'video', 'sticker', 'document'].includes(m.media!));
    }
    assert.ok(['', 'image', 'audio', 'video', 'sticker', 'document'].includes(m.media!));
  }
  const chainSenders = new Map<string, Set<string>>();
  for (let i = 0; i < N; i++) {
    const label = truth[i]!.chain!;
    if (!label) continue;
    if (!chainSenders.has(label)) chainSenders.set(label, new Set());
    chainSenders.get(label)!.add(national(messages[i]!.sender!));
  }
  assert.ok(chainSenders.size >= 3, `chains: ${chainSenders.size}`);
  for (const [label, senders] of chainSenders) assert.ok(senders.size >= 5, `${label} has ${senders.size} senders`);
});

test('sent_at is ISO 8601 with an offset, within the span, mostly in order', () => {
  const start = Date.parse('2026-09-14T00:00:00-06:00');
  const end = start + 48 * 3600_000;
  let lastInbound = 0;
  let previous = 0;
  let steppedBack = 0;
  const offsets = new Set<string>();
  for (const m of messages) {
    assert.match(m.sent_at!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
    offsets.add(m.sent_at!.slice(19));
    const t = Date.parse(m.sent_at!);
    assert.ok(t >= start && t < end + 60_000, `${m.sent_at} outside the span`);
    if (m.direction === 'in') {
      // Inbound rows are in minute order (seconds shuffled within the minute).
      assert.ok(t >= lastInbound - 60_000, `${m.message_id} goes back in time`);
      lastInbound = Math.max(lastInbound, t);
    }
    if (t < previous - 60_000) steppedBack++;
    previous = t;
  }
  // Only the row after a campaign reply (which is sent minutes later) steps back.
  assert.ok(steppedBack / N < 0.08, `too many rows out of order: ${steppedBack}`);
  for (const o of ['-06:00', '-07:00', '-05:00', 'Z']) assert.ok(offsets.has(o), `offset ${o} never used`);
});

test('bodies are varied and stated ages, places and contacts agree with the truth', () => {
  const bodies = new Set(messages.map((m) => m.body));
  assert.ok(bodies.size > N * 0.5, `only ${bodies.size} distinct bodies`);
  for (let i = 0; i < N; i++) {
    const body = messages[i]!.body!.toLowerCase();
    const age = /(?:tengo|a mis) (\d\d) a[ñn]os/.exec(body);
    if (age) assert.equal(truth[i]!.age_band, AGE_BANDS[ageBandIndex(Number(age[1]))], body);
    if (/\bmonterrey\b/.test(body) && !truth[i]!.chain) assert.equal(truth[i]!.state, 'MX-NLE', body);
    if (/\becatepec\b/.test(body)) assert.equal(truth[i]!.state, 'MX-MEX', body);
  }
  // contacts.csv covers ~30% of senders with consistent age, birth year and state.
  assert.ok(contacts.length > a.senders * 0.22 && contacts.length < a.senders * 0.38, `${contacts.length} contacts for ${a.senders} senders`);
  const bandBySender = new Map<string, string>();
  const stateBySender = new Map<string, string>();
  for (let i = 0; i < N; i++) {
    const who = national(messages[i]!.sender!);
    bandBySender.set(who, truth[i]!.age_band!);
    stateBySender.set(who, truth[i]!.state!);
  }
  let withAge = 0;
  for (const c of contacts) {
    const who = national(c.sender!);
    assert.ok(stateBySender.has(who), `contact ${c.sender} never wrote`);
    const age = c.age ? Number(c.age) : c.birth_year ? 2026 - Number(c.birth_year) : null;
    if (age !== null) {
      withAge++;
      assert.ok(age >= 18 && age <= 85, `age ${age}`);
      assert.equal(bandBySender.get(who), AGE_BANDS[ageBandIndex(age)]);
    }
    assert.ok(!(c.age && c.birth_year), 'age or birth year, not both');
  }
  assert.ok(withAge > contacts.length * 0.7);
});

test('extra formats: WhatsApp exports, Cloud API NDJSON, Twilio CSV and ids.csv', () => {
  const inbound = messages.filter((m) => m.direction === 'in').length;
  // Cloud API: every line is a webhook payload; each inbound message appears (some twice), replies only as statuses.
  const wamids = new Set<string>();
  let statuses = 0;
  for (const line of fs.readFileSync(a.extraFiles['cloud-api']!, 'utf8').trim().split('\n')) {
    const payload = JSON.parse(line);
    assert.equal(payload.object, 'whatsapp_business_account');
    const value = payload.entry[0].changes[0].value;
    for (const msg of value.messages ?? []) {
      assert.match(msg.from, /^521\d{10}$/);
      assert.match(msg.timestamp, /^\d{10}$/);
      assert.ok(msg.id.startsWith('wamid.'));
      wamids.add(msg.id);
    }
    statuses += (value.statuses ?? []).length;
  }
  assert.equal(wamids.size, inbound);
  assert.ok(statuses >= N - inbound);
  // Twilio: one row per canonical row.
  const twilio = readCsv(a.extraFiles.twilio!);
  assert.equal(twilio.length, N);
  assert.ok(twilio.every((r) => /^whatsapp:\+521\d{10}$/.test(r.From!) && /^whatsapp:\+521\d{10}$/.test(r.To!)));
  assert.ok(twilio.every((r) => ['inbound', 'outbound-reply'].includes(r.Direction!)));
  assert.equal(twilio.filter((r) => r.Direction === 'inbound').length, inbound);
  // ids.csv maps canonical ids to the other formats' ids.
  const ids = readCsv(a.extraFiles.ids!);
  assert.equal(ids.length, N);
  assert.equal(ids[0]!.message_id, messages[0]!.message_id);
  assert.equal(ids[0]!.twilio_sid, twilio[0]!.Sid);
  // WhatsApp: whatsapp-all.txt has one timestamped line per row plus the encryption notice.
  const all = fs.readFileSync(a.extraFiles['whatsapp-all']!, 'utf8');
  const stamped = all.split('\n').filter((l) => /^\d\d\/\d\d\/\d\d, \d\d:\d\d - /.test(l));
  assert.equal(stamped.length, N + 1);
  assert.match(stamped[0]!, /cifrados de extremo a extremo/);
  const files = fs.readdirSync(a.extraFiles['whatsapp-dir']!);
  assert.equal(files.length, a.senders, 'one file per conversation');
  let ios = 0;
  let android = 0;
  for (const f of files) {
    const text = fs.readFileSync(path.join(a.extraFiles['whatsapp-dir']!, f), 'utf8');
    assert.match(text.split('\n', 1)[0]!, /cifrados de extremo a extremo/);
    if (text.startsWith('[')) {
      ios++;
      assert.ok(text.includes('\u202f'), 'iOS times use narrow no-break spaces');
    } else android++;
  }
  assert.ok(ios > 0 && android > 0);
});

test('edge cases: zero messages, tiny runs, bad options', async () => {
  const z = await generateSample({ messages: 0, seed: 1, outDir: path.join(root, 'z') });
  assert.equal(fs.readFileSync(z.messagesFile, 'utf8'), 'message_id,sender,sent_at,direction,body,sender_name,media\n');
  assert.equal(z.senders, 0);
  const one = await generateSample({ messages: 1, seed: 1, outDir: path.join(root, 'one'), hours: 0.5 });
  assert.equal(readCsv(one.messagesFile).length, 1);
  const small = await generateSample({ messages: 37, seed: -5, outDir: path.join(root, 'small'), start: '2026-01-01T00:00:00Z', hours: 1 });
  assert.equal(readCsv(small.messagesFile).length, 37);
  await assert.rejects(generateSample({ messages: -1, seed: 1, outDir: path.join(root, 'bad') }), RangeError);
  await assert.rejects(generateSample({ messages: 10, seed: 1, outDir: path.join(root, 'bad'), hours: 0 }), RangeError);
  await assert.rejects(generateSample({ messages: 10, seed: 1, outDir: path.join(root, 'bad'), start: 'yesterday' }), RangeError);
});

test('zone offsets (with US daylight saving at the border) agree with the ICU time-zone database', async () => {
  const { zoneOffset } = await import('../../src/generate/time.ts');
  const { ZONES } = await import('../../src/generate/vocabulary.ts');
  const formats = new Map<string, Intl.DateTimeFormat>();
  const icu = (tz: string, sec: number): number => {
    let f = formats.get(tz);
    if (!f) formats.set(tz, f = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' }));
    const name = f.formatToParts(new Date(sec * 1000)).find((p) => p.type === 'timeZoneName')!.value;
    const m = /GMT([+-])(\d\d):(\d\d)/.exec(name);
    return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  };
  for (const [kind, zone] of Object.entries(ZONES)) {
    for (let sec = Date.parse('2026-01-01T00:00:00Z') / 1000; sec < Date.parse('2027-01-01T00:00:00Z') / 1000; sec += 3 * 3600 + 17 * 60) {
      assert.equal(zoneOffset(kind as keyof typeof ZONES, sec), icu(zone.tz, sec), `${kind} at ${new Date(sec * 1000).toISOString()}`);
    }
  }
});
