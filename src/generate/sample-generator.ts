/**
 * Deterministic sample data for buzon: ~N WhatsApp messages from Mexican voters to a campaign,
 * with the ground truth a classifier should recover.
 *
 *   messages.csv  canonical CSV: message_id,sender,sent_at,direction,body,sender_name,media
 *   contacts.csv  sign-up sheet for ~30% of senders: sender,age,birth_year,state_declared,source
 *   truth.csv     per message: message_id,issues,state,age_band,noise,optout,chain
 *   + whatsapp/, whatsapp-all.txt, cloud-api.ndjson, twilio.csv, ids.csv on request
 *
 * Same seed + same options => byte-identical files. Rows are streamed to disk; memory holds the
 * sender table (typed arrays, ~N/4 senders) and one shuffled Int32Array of N sender slots.
 * See src/generate/README.md.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MessageComposer } from './compose.ts';
import { CloudApiSink, IdsSink, TwilioSink, WhatsAppSink, type RowEvent, type Sink } from './formats.ts';
import { ChunkWriter, csvField } from './output.ts';
import { Rng } from './random.ts';
import { buildSenders, contactPhone, type SenderTable } from './senders.ts';
import { IsoClock, minuteWeights, parseStart, zoneOffset } from './time.ts';
import { AGE_BANDS, CHAINS, CONTACT_SOURCES, LADAS, STATES, ageBandIndex } from './vocabulary.ts';

export type SampleFormat = 'csv' | 'whatsapp' | 'cloud-api' | 'twilio';

export interface GenerateOptions {
  messages: number;
  seed: number;
  outDir: string;
  /** ISO date-time; default '2026-09-14T00:00:00-06:00' (a Monday). */
  start?: string;
  /** Span in hours; default 48. */
  hours?: number;
  /** Default ['csv']; messages.csv, contacts.csv and truth.csv are always written. */
  formats?: SampleFormat[];
  onProgress?: (written: number) => void;
  /** WhatsApp format: at most this many per-conversation files in whatsapp/ (default 5,000; senders are in random order, so this is a random subset). */
  whatsappConversations?: number;
}

export interface GenerateResult {
  messagesFile: string;
  contactsFile: string;
  truthFile: string;
  /** whatsapp-all, whatsapp-dir, cloud-api, twilio, ids: whichever were written. */
  extraFiles: Record<string, string>;
  messages: number;
  senders: number;
}

export const DEFAULT_START = '2026-09-14T00:00:00-06:00';
/** Share of rows that are campaign replies (direction out). */
export const OUT_SHARE = 0.05;
/** Share of inbound rows whose sent_at is written in UTC with `Z`. */
const UTC_Z_SHARE = 0.03;
/** Share of rows where a sender's number is written in another form than their usual one. */
const OTHER_FORM_SHARE = 0.18;
const REFERENCE_YEAR = 2026;

function validate(opts: GenerateOptions): void {
  if (!Number.isSafeInteger(opts.messages) || opts.messages < 0) throw new RangeError(`messages must be a non-negative integer, got ${opts.messages}`);
  if (!Number.isFinite(opts.seed)) throw new RangeError(`seed must be a finite number, got ${opts.seed}`);
  if (opts.hours !== undefined && !(opts.hours > 0 && Number.isFinite(opts.hours))) throw new RangeError(`hours must be > 0, got ${opts.hours}`);
  for (const f of opts.formats ?? []) {
    if (!['csv', 'whatsapp', 'cloud-api', 'twilio'].includes(f)) throw new RangeError(`unknown format: ${f}`);
  }
}

/** Messages per minute that add up to exactly `total` (cumulative rounding of the weights). */
function allocate(weights: Float64Array, total: number): Int32Array {
  let sum = 0;
  for (const w of weights) sum += w;
  const counts = new Int32Array(weights.length);
  let cum = 0;
  let given = 0;
  for (let m = 0; m < weights.length; m++) {
    cum += weights[m]!;
    const upTo = m === weights.length - 1 ? total : Math.round((cum / sum) * total);
    counts[m] = upTo - given;
    given = upTo;
  }
  return counts;
}

function senderSlots(senders: SenderTable, inbound: number, rng: Rng): Int32Array {
  const slots = new Int32Array(inbound);
  let k = 0;
  for (let sid = 0; sid < senders.count; sid++) {
    for (let j = senders.planned[sid]!; j > 0; j--) slots[k++] = sid;
  }
  return rng.shuffle(slots);
}

export async function generateSample(opts: GenerateOptions): Promise<GenerateResult> {
  validate(opts);
  const outDir = resolve(opts.outDir);
  mkdirSync(outDir, { recursive: true });
  const seed = opts.seed;
  const total = opts.messages;
  const startSec = parseStart(opts.start ?? DEFAULT_START);
  const spanSec = Math.max(1, Math.round((opts.hours ?? 48) * 3600));
  const endSec = startSec + spanSec;
  const minutes = Math.ceil(spanSec / 60);
  const formats = new Set(opts.formats ?? ['csv']);

  const outbound = Math.floor(total * OUT_SHARE);
  const inbound = total - outbound;

  const senders = buildSenders(inbound, new Rng(seed, 'senders'), seed);
  const slots = senderSlots(senders, inbound, new Rng(seed, 'slots'));
  const perMinute = allocate(minuteWeights(startSec, minutes, new Rng(seed, 'rhythm')), inbound);
  const chainCount = inbound >= 300 ? Math.min(CHAINS.length, Math.max(3, Math.floor(inbound / 2500))) : 0;

  const rng = new Rng(seed, 'messages');
  const chainRng = new Rng(seed, 'chains');
  const chains = Array.from({ length: chainCount }, () => ({
    launch: startSec + Math.floor(chainRng.next() * 0.6 * spanSec), fade: spanSec * (0.1 + chainRng.next() * 0.3),
  }));
  const composer = new MessageComposer(rng, senders, chains);
  const clock = new IsoClock();

  const messagesFile = join(outDir, 'messages.csv');
  const truthFile = join(outDir, 'truth.csv');
  const contactsFile = join(outDir, 'contacts.csv');
  const msgOut = new ChunkWriter(messagesFile);
  const truthOut = new ChunkWriter(truthFile, true);
  msgOut.write('message_id,sender,sent_at,direction,body,sender_name,media\n');
  truthOut.write('message_id,issues,state,age_band,noise,optout,chain\n');

  const sinks: Sink[] = [];
  try {
    if (formats.has('whatsapp')) sinks.push(new WhatsAppSink(outDir, senders, new Rng(seed, 'whatsapp'), startSec, opts.whatsappConversations ?? 5_000));
    if (formats.has('cloud-api')) sinks.push(new CloudApiSink(outDir, senders, new Rng(seed, 'cloud-api'), seed));
    if (formats.has('twilio')) sinks.push(new TwilioSink(outDir, senders, new Rng(seed, 'twilio'), seed));
    if (formats.has('cloud-api') || formats.has('twilio')) sinks.push(new IdsSink(outDir, senders, seed, formats.has('cloud-api'), formats.has('twilio')));
    const event: RowEvent = { row: 0, id: '', t: 0, out: false, sid: 0, body: '', media: '', chain: false, profileName: '' };

    // Truth text "MX-NLE,25-34" per (state, age band or unknown), computed once.
    const stateBand = STATES.map((st) => [...AGE_BANDS.map((b) => `${st.code},${b}`), `${st.code},`]);
    const zones = LADAS.map((l) => l.zone);
    const idPrefix = `gen-${seed}-`;

    let row = 0;
    let slot = 0;
    let repliesLeft = outbound;
    let inboundLeft = inbound;
    const progressEvery = 100_000;
    let nextProgress = progressEvery;

    /** `senderText` and `nameCsv` are already CSV-safe (phones never need quotes; names are pre-quoted). */
    const writeRow = (sid: number, t: number, out: boolean, sentAt: string, senderText: string, body: string, nameCsv: string, media: string,
      issues: string, noise: string, optout: string, chain: number): void => {
      const id = idPrefix + (row + 1);
      // Bodies never contain '"' (checked when the phrasebook loads), so quoting needs no escaping.
      msgOut.write(`${id},${senderText},${sentAt},${out ? 'out' : 'in'},${body ? `"${body}"` : ''},${nameCsv},${media}\n`);
      truthOut.write(`${id},${issues},${stateBand[senders.state(sid)]![senders.ageKnown(sid) ? ageBandIndex(senders.age(sid)) : 6]},${noise},${optout},${chain >= 0 ? `chain-${chain + 1}` : ''}\n`);
      if (sinks.length) {
        event.row = row; event.id = id; event.t = t; event.out = out; event.sid = sid; event.body = body;
        const nameIdx = senders.nameIndex(sid);
        event.media = media as RowEvent['media']; event.chain = chain >= 0;
        event.profileName = nameCsv && nameIdx >= 0 ? senders.names[nameIdx]! : '';
        for (const s of sinks) s.row(event);
      }
      row++;
    };

    for (let m = 0; m < minutes; m++) {
      const count = perMinute[m]!;
      const minuteStart = startSec + m * 60;
      const secondsInMinute = Math.min(60, endSec - minuteStart);
      for (let j = 0; j < count; j++) {
        const sid = slots[slot++]!;
        const t = minuteStart + Math.floor(rng.next() * secondsInMinute);
        const offset = zoneOffset(zones[senders.lada(sid)]!, t);
        const localHour = Math.floor((((t + offset * 60) % 86400) + 86400) % 86400 / 3600);
        composer.compose(sid, localHour, t);

        const senderText = senders.phone(sid, rng.next() < OTHER_FORM_SHARE ? rng.int(5) : senders.form(sid));
        const sentAt = clock.iso(t, offset, rng.next() < UTC_Z_SHARE);
        const nameIdx = senders.nameIndex(sid);
        const name = nameIdx >= 0 && rng.next() >= 0.03 ? senders.namesCsv[nameIdx]! : '';
        const answered = composer.kind;
        const mask = composer.issueMask;
        writeRow(sid, t, false, sentAt, senderText, composer.body, name, composer.media,
          composer.issuesText(mask), composer.noise, composer.optout, composer.chain);

        // Exactly `outbound` replies over the run (selection sampling), each after the message it answers.
        if (repliesLeft > 0 && rng.next() * inboundLeft < repliesLeft) {
          const delay = Math.min(6 * 3600, 45 + Math.floor(rng.exponential(1500)));
          const tr = Math.max(t + 20, Math.min(t + delay, endSec - 1));
          const replySender = senders.phone(sid, rng.next() < OTHER_FORM_SHARE ? rng.int(5) : senders.form(sid));
          writeRow(sid, tr, true, clock.iso(tr, -360), replySender,
            composer.reply(sid, answered, mask), '', '', '', '', '', -1);
          repliesLeft--;
        }
        inboundLeft--;
        if (row >= nextProgress) {
          nextProgress += progressEvery;
          opts.onProgress?.(row);
          await new Promise<void>((r) => setImmediate(r));
        }
      }
    }
    if (row !== total) throw new Error(`internal: wrote ${row} rows, expected ${total}`);
  } catch (error) {
    msgOut.abort();
    truthOut.abort();
    for (const s of sinks) s.abort();
    throw error;
  }
  msgOut.close();
  truthOut.close();

  writeContacts(contactsFile, senders, new Rng(seed, 'contacts'));

  const extraFiles: Record<string, string> = {};
  for (const s of sinks) {
    s.finish();
    Object.assign(extraFiles, s.files);
  }
  opts.onProgress?.(total);
  return { messagesFile, contactsFile, truthFile, extraFiles, messages: total, senders: senders.count };
}

function writeContacts(path: string, senders: SenderTable, rng: Rng): void {
  const out = new ChunkWriter(path);
  out.write('sender,age,birth_year,state_declared,source\n');
  for (let sid = 0; sid < senders.count; sid++) {
    const c = senders.contact(sid);
    if (!c) continue;
    const phone = contactPhone(senders.digits(sid), senders.ladaLength(sid), rng);
    const age = senders.age(sid);
    const ageText = c === 1 ? String(age) : '';
    const yearText = c === 2 ? String(REFERENCE_YEAR - age) : '';
    const declared = STATES[senders.state(sid)]!.declared;
    const state = rng.next() < 0.85 ? declared[rng.int(declared.length)]! : '';
    const source = CONTACT_SOURCES[senders.contactSource(sid)]![0];
    out.write(`${csvField(phone)},${ageText},${yearText},${csvField(state)},${source}\n`);
  }
  out.close();
}
