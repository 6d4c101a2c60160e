/**
 * The other export formats, written from the same rows as messages.csv:
 *   whatsapp   WhatsApp "Export chat" text: one .txt per conversation in whatsapp/ (capped, see
 *              README) plus whatsapp-all.txt, every row as one big Android-style chat
 *   cloud-api  WhatsApp Business Cloud API webhook payloads, one JSON per line (NDJSON)
 *   twilio     Twilio message-log CSV
 * plus ids.csv (message_id -> wamid / Twilio Sid) whenever cloud-api or twilio is written.
 * Each sink draws from its own random stream, so asking for a format never changes the others.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng, mix32, seedToU32 } from './random.ts';
import { ChunkWriter, csvField } from './output.ts';
import type { MediaKind } from './vocabulary.ts';
import type { SenderTable } from './senders.ts';
import { IsoClock, localParts, pad2 } from './time.ts';

export interface RowEvent {
  /** 0-based position in messages.csv. */
  row: number;
  id: string;
  /** UTC seconds. */
  t: number;
  out: boolean;
  sid: number;
  body: string;
  media: MediaKind | '';
  chain: boolean;
  /** The sender's WhatsApp profile name, '' when none. */
  profileName: string;
}

export interface Sink {
  row(ev: RowEvent): void;
  finish(): void;
  /** Release open files after an error. */
  abort(): void;
  readonly files: Record<string, string>;
}

/** The campaign's own WhatsApp account. */
export const CAMPAIGN = {
  name: 'Campaña',
  /** 10-digit national number. */
  digits: '5580002026',
  /** Wall clock of the campaign's phone: America/Mexico_City. */
  offsetMin: -360,
};

let HEX4: string[] | undefined;

function hex8(h: number): string {
  HEX4 ??= Array.from({ length: 65536 }, (_, i) => i.toString(16).padStart(4, '0'));
  return HEX4[h >>> 16]! + HEX4[h & 0xffff]!;
}

/**
 * 32 lowercase hex digits derived from (seed, row, salt): stable ids without a random stream.
 * The last 8 digits are the row number, so ids never collide within a run.
 */
export function stableHex(seed: number, row: number, salt: number): string {
  let h = mix32(seedToU32(seed) ^ Math.imul(salt + 1, 0x9e3779b1));
  h = mix32(h ^ (row >>> 0));
  const a = mix32(h + 1);
  const b = mix32(h + 2);
  const c = mix32(h + 3);
  return hex8(a) + hex8(b) + hex8(c) + hex8(row >>> 0);
}

let lastWamid = { seed: NaN, row: -1, value: '' };
let lastSid = { seed: NaN, row: -1, value: '' };

export function wamidFor(seed: number, row: number, waId: string): string {
  if (lastWamid.row === row && lastWamid.seed === seed) return lastWamid.value;
  const b64 = Buffer.from(waId).toString('base64').replace(/=+$/, '');
  const value = `wamid.HBgN${b64}FQIAEhgg${stableHex(seed, row, 1).toUpperCase()}AA==`;
  lastWamid = { seed, row, value };
  return value;
}

export function twilioSidFor(seed: number, row: number, media: boolean): string {
  if (lastSid.row === row && lastSid.seed === seed) return lastSid.value;
  const value = `${media ? 'MM' : 'SM'}${stableHex(seed, row, 2)}`;
  lastSid = { seed, row, value };
  return value;
}

/** A 16-digit media id. */
function mediaIdFor(seed: number, row: number): string {
  const h = mix32(seedToU32(seed) ^ mix32(row ^ 0x51ed27));
  return `1${String(h % 100_000_000).padStart(8, '0')}${String(mix32(h) % 10_000_000).padStart(7, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// WhatsApp "Export chat" text

const ENCRYPTION_NOTICE = 'Los mensajes y las llamadas están cifrados de extremo a extremo. Nadie fuera de este chat, ni siquiera WhatsApp, puede leerlos ni escucharlos.';
const NNBSP = '\u202f';
const NBSP = '\u00a0';
const LRM = '\u200e';

type ChatStyle = 'android24' | 'android12' | 'ios';

function twelveHour(hour: number): [number, string] {
  const h = hour % 12 === 0 ? 12 : hour % 12;
  return [h, hour < 12 ? 'a' : 'p'];
}

/** Timestamp part of a chat line, local campaign time. */
function chatStamp(style: ChatStyle, epochSec: number): string {
  const p = localParts(epochSec, CAMPAIGN.offsetMin);
  const yy = pad2(p.year % 100);
  if (style === 'android24') return `${pad2(p.day)}/${pad2(p.month)}/${yy}, ${pad2(p.hour)}:${pad2(p.minute)} -`;
  const [h, ap] = twelveHour(p.hour);
  if (style === 'android12') return `${p.day}/${p.month}/${yy}, ${h}:${pad2(p.minute)}${NNBSP}${ap}.${NBSP}m. -`;
  return `[${pad2(p.day)}/${pad2(p.month)}/${yy}, ${h}:${pad2(p.minute)}:${pad2(p.second)}${NNBSP}${ap}.${NNBSP}m.]`;
}

const IOS_MEDIA: Record<MediaKind, string> = {
  image: 'imagen omitida', audio: 'audio omitido', video: 'video omitido', sticker: 'sticker omitido', document: 'documento omitido',
};

function chatText(style: ChatStyle, body: string, media: MediaKind | ''): string {
  if (!media) return body;
  const marker = style === 'ios' ? `${LRM}${IOS_MEDIA[media]}` : '<Multimedia omitido>';
  return body ? `${marker}\n${body}` : marker;
}

interface ConvLine { t: number; row: number; out: boolean; body: string; media: MediaKind | '' }

export class WhatsAppSink implements Sink {
  readonly files: Record<string, string>;
  private readonly all: ChunkWriter;
  private readonly dir: string;
  private readonly conversations: Array<ConvLine[] | undefined>;
  private readonly stampCache = new Map<number, string>();

  constructor(outDir: string, private readonly senders: SenderTable, private readonly rng: Rng, startSec: number, maxConversations: number) {
    this.dir = join(outDir, 'whatsapp');
    mkdirSync(this.dir, { recursive: true });
    const allPath = join(outDir, 'whatsapp-all.txt');
    this.all = new ChunkWriter(allPath);
    this.all.write(`${chatStamp('android24', startSec)} ${ENCRYPTION_NOTICE} Toca para obtener más información.\n`);
    this.conversations = new Array(Math.min(maxConversations, senders.count));
    this.files = { 'whatsapp-all': allPath, 'whatsapp-dir': this.dir };
  }

  private allStamp(epochSec: number): string {
    const minute = Math.floor(epochSec / 60);
    let s = this.stampCache.get(minute);
    if (s === undefined) {
      s = chatStamp('android24', minute * 60);
      this.stampCache.set(minute, s);
    }
    return s;
  }

  row(ev: RowEvent): void {
    const author = ev.out ? CAMPAIGN.name : this.senders.whatsappDisplay(ev.sid);
    this.all.write(`${this.allStamp(ev.t)} ${author}: ${chatText('android24', ev.body, ev.media)}\n`);
    if (ev.sid < this.conversations.length) {
      let conv = this.conversations[ev.sid];
      if (!conv) this.conversations[ev.sid] = conv = [];
      conv.push({ t: ev.t, row: ev.row, out: ev.out, body: ev.body, media: ev.media });
    }
  }

  abort(): void {
    this.all.abort();
  }

  finish(): void {
    this.all.close();
    const used = new Set<string>();
    const rng = this.rng;
    for (let sid = 0; sid < this.conversations.length; sid++) {
      const conv = this.conversations[sid];
      if (!conv) continue;
      conv.sort((a, b) => a.t - b.t || a.row - b.row);
      const r = rng.next();
      const style: ChatStyle = r < 0.45 ? 'android24' : r < 0.6 ? 'android12' : 'ios';
      const nameIdx = this.senders.nameIndex(sid);
      // A contact the campaign saved shows by name; otherwise WhatsApp shows the number.
      const display = nameIdx >= 0 && rng.next() < 0.5
        ? this.senders.names[nameIdx]!
        : this.senders.whatsappDisplay(sid);
      let file = `Chat de WhatsApp con ${display.replace(/[/\\:*?"<>|]/g, '_')}`;
      if (used.has(file)) {
        let k = 2;
        while (used.has(`${file} (${k})`)) k++;
        file = `${file} (${k})`;
      }
      used.add(file);
      const lines: string[] = [];
      const firstT = conv[0]!.t;
      if (style === 'ios') lines.push(`${chatStamp(style, firstT)} ${display}: ${LRM}${ENCRYPTION_NOTICE}`);
      else lines.push(`${chatStamp(style, firstT)} ${ENCRYPTION_NOTICE} Toca para obtener más información.`);
      for (const m of conv) {
        const author = m.out ? CAMPAIGN.name : display;
        const lead = style === 'ios' && m.media ? LRM : '';
        lines.push(`${lead}${chatStamp(style, m.t)} ${author}: ${chatText(style, m.body, m.media)}`);
      }
      writeFileSync(join(this.dir, `${file}.txt`), `${lines.join('\n')}\n`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// WhatsApp Business Cloud API webhooks (NDJSON)

const MEDIA_MIME: Record<MediaKind, string> = {
  image: 'image/jpeg', audio: 'audio/ogg; codecs=opus', video: 'video/mp4', sticker: 'image/webp', document: 'application/pdf',
};

export class CloudApiSink implements Sink {
  readonly files: Record<string, string>;
  private readonly out: ChunkWriter;
  private readonly wabaId: string;
  private readonly phoneNumberId: string;
  private readonly metadata: string;
  private pending: string[] = [];
  private pendingContacts: string[] = [];
  private batchTarget = 1;
  private readonly duplicates: Array<[number, string]> = [];
  private lines = 0;

  constructor(outDir: string, private readonly senders: SenderTable, private readonly rng: Rng, private readonly seed: number) {
    const path = join(outDir, 'cloud-api.ndjson');
    this.out = new ChunkWriter(path);
    this.files = { 'cloud-api': path };
    this.wabaId = `1${String(rng.range(10_000_000, 99_999_999))}${String(rng.range(100_000, 999_999))}`;
    this.phoneNumberId = `1${String(rng.range(10_000_000, 99_999_999))}${String(rng.range(100_000, 999_999))}`;
    this.metadata = `{"display_phone_number":"52${CAMPAIGN.digits}","phone_number_id":"${this.phoneNumberId}"}`;
  }

  private emit(value: string): void {
    const line = `{"object":"whatsapp_business_account","entry":[{"id":"${this.wabaId}","changes":[{"value":{"messaging_product":"whatsapp","metadata":${this.metadata},${value}},"field":"messages"}]}]}\n`;
    this.out.write(line);
    this.lines++;
    // The same delivery now and then arrives twice, a few lines later.
    if (this.rng.next() < 0.004) this.duplicates.push([this.lines + 1 + this.rng.int(40), line]);
    if (this.duplicates.length && this.duplicates[0]![0] <= this.lines) {
      for (let i = 0; i < this.duplicates.length;) {
        if (this.duplicates[i]![0] <= this.lines) {
          this.out.write(this.duplicates[i]![1]);
          this.duplicates.splice(i, 1);
        } else i++;
      }
    }
  }

  private flushBatch(): void {
    if (!this.pending.length) return;
    this.emit(`"contacts":[${this.pendingContacts.join(',')}],"messages":[${this.pending.join(',')}]`);
    this.pending = [];
    this.pendingContacts = [];
  }

  row(ev: RowEvent): void {
    const waId = `521${this.senders.digits(ev.sid)}`;
    const wamid = wamidFor(this.seed, ev.row, waId);
    const ts = String(ev.t);
    if (ev.out) {
      this.flushBatch();
      const rng = this.rng;
      const conv = stableHex(this.seed, ev.row, 3);
      this.emit(`"statuses":[{"id":"${wamid}","status":"sent","timestamp":"${ts}","recipient_id":"${waId}","conversation":{"id":"${conv}","origin":{"type":"service"}},"pricing":{"billable":true,"pricing_model":"CBP","category":"service"}}]`);
      this.emit(`"statuses":[{"id":"${wamid}","status":"delivered","timestamp":"${ev.t + 1 + rng.int(20)}","recipient_id":"${waId}"}]`);
      if (rng.next() < 0.6) this.emit(`"statuses":[{"id":"${wamid}","status":"read","timestamp":"${ev.t + 30 + rng.int(7200)}","recipient_id":"${waId}"}]`);
      return;
    }
    let message: string;
    const context = ev.chain ? (this.rng.next() < 0.5 ? ',"context":{"forwarded":true}' : ',"context":{"frequently_forwarded":true}') : '';
    if (ev.media) {
      const sha = Buffer.from(stableHex(this.seed, ev.row, 5) + stableHex(this.seed, ev.row, 6), 'hex').toString('base64');
      let fields = `"mime_type":"${MEDIA_MIME[ev.media]}","sha256":"${sha}","id":"${mediaIdFor(this.seed, ev.row)}"`;
      if (ev.media === 'audio') fields += ',"voice":true';
      if (ev.media === 'sticker') fields += ',"animated":false';
      if (ev.media === 'document') fields = `"filename":"${this.rng.pick(['propuesta.pdf', 'denuncia.pdf', 'recibo.pdf', 'oficio.pdf'])}",${fields}`;
      if (ev.body) fields = `"caption":${JSON.stringify(ev.body)},${fields}`;
      message = `{"from":"${waId}","id":"${wamid}","timestamp":"${ts}"${context},"type":"${ev.media}","${ev.media}":{${fields}}}`;
    } else {
      message = `{"from":"${waId}","id":"${wamid}","timestamp":"${ts}"${context},"type":"text","text":{"body":${JSON.stringify(ev.body)}}}`;
    }
    const contact = `{"profile":{"name":${JSON.stringify(ev.profileName)}},"wa_id":"${waId}"}`;
    if (!this.pending.length) this.batchTarget = this.rng.next() < 0.1 ? 2 + this.rng.int(2) : 1;
    this.pending.push(message);
    if (!this.pendingContacts.includes(contact)) this.pendingContacts.push(contact);
    if (this.pending.length >= this.batchTarget) this.flushBatch();
  }

  abort(): void {
    this.out.abort();
  }

  finish(): void {
    this.flushBatch();
    for (const [, line] of this.duplicates) this.out.write(line);
    this.duplicates.length = 0;
    this.out.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Twilio message log CSV

export class TwilioSink implements Sink {
  readonly files: Record<string, string>;
  private readonly out: ChunkWriter;
  private readonly accountSid: string;
  private readonly clock = new IsoClock();
  private readonly campaign = `whatsapp:+521${CAMPAIGN.digits}`;

  constructor(outDir: string, private readonly senders: SenderTable, private readonly rng: Rng, private readonly seed: number) {
    const path = join(outDir, 'twilio.csv');
    this.out = new ChunkWriter(path);
    this.out.write('From,To,Body,Status,SentDate,ApiVersion,NumSegments,ErrorCode,AccountSid,Sid,Direction,Price,PriceUnit\n');
    this.accountSid = `AC${rng.hex8()}${rng.hex8()}${rng.hex8()}${rng.hex8()}`;
    this.files = { twilio: path };
  }

  row(ev: RowEvent): void {
    const citizen = `whatsapp:+521${this.senders.digits(ev.sid)}`;
    const iso = this.clock.iso(ev.t, CAMPAIGN.offsetMin);
    const sentDate = `${iso.slice(0, 10)} ${iso.slice(11)}`;
    const sid = twilioSidFor(this.seed, ev.row, ev.media !== '');
    const body = csvField(ev.body);
    if (ev.out) {
      const r = this.rng.next();
      const status = r < 0.7 ? 'delivered' : r < 0.9 ? 'read' : r < 0.97 ? 'sent' : 'failed';
      const error = status === 'failed' ? '63016' : '';
      this.out.write(`${this.campaign},${citizen},${body},${status},${sentDate},2010-04-01,1,${error},${this.accountSid},${sid},outbound-reply,-0.00500,USD\n`);
    } else {
      this.out.write(`${citizen},${this.campaign},${body},received,${sentDate},2010-04-01,1,,${this.accountSid},${sid},inbound,,USD\n`);
    }
  }

  abort(): void {
    this.out.abort();
  }

  finish(): void {
    this.out.close();
  }
}

// ---------------------------------------------------------------------------------------------
// ids.csv: how a canonical row is named in the other formats

export class IdsSink implements Sink {
  readonly files: Record<string, string>;
  private readonly out: ChunkWriter;

  constructor(outDir: string, private readonly senders: SenderTable, private readonly seed: number, private readonly wamid: boolean, private readonly twilio: boolean) {
    const path = join(outDir, 'ids.csv');
    this.out = new ChunkWriter(path);
    this.out.write('message_id,wamid,twilio_sid\n');
    this.files = { ids: path };
  }

  row(ev: RowEvent): void {
    const w = this.wamid ? wamidFor(this.seed, ev.row, `521${this.senders.digits(ev.sid)}`) : '';
    const s = this.twilio ? twilioSidFor(this.seed, ev.row, ev.media !== '') : '';
    this.out.write(`${ev.id},${w},${s}\n`);
  }

  abort(): void {
    this.out.abort();
  }

  finish(): void {
    this.out.close();
  }
}
