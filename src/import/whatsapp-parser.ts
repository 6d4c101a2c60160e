/**
 * A streaming parser of WhatsApp "Export chat" text (Android `DATE, TIME - AUTHOR: TEXT` and iOS
 * `[DATE, TIME] AUTHOR: TEXT`). Pure: text in, entries out, no I/O.
 *
 * Dates are kept as the three numbers written, because `03/04/22` cannot be read alone: the parser
 * gathers evidence while it streams (`DateOrderEvidence`) and the caller decides the order for the
 * whole file at the end (`decideDateOrder`), then builds the instants in bulk.
 */

export type MediaKind = 'image' | 'audio' | 'video' | 'document' | 'sticker' | 'location' | 'contacts' | 'other';
export type DateOrder = 'dmy' | 'mdy' | 'ymd';
export type SystemKind = 'encryption' | 'security_code' | 'membership' | 'group_change' | 'deleted' | 'call' | 'other';

export interface WhatsAppEntry {
  /** 1-based line on which the entry starts. */
  line: number;
  /** The date's three numbers as written (year possibly 2-digit). */
  f1: number;
  f2: number;
  f3: number;
  /** 24-hour clock. */
  hour: number;
  minute: number;
  second: number;
  /** NULL for a system line written without an author. */
  author: string | null;
  /** Message text ('' for media without caption); for a system row, the line as written. */
  text: string;
  /** Set for system rows: not a message. */
  system: SystemKind | null;
  media: MediaKind | null;
  edited: boolean;
  /** An audio attachment recorded as a voice note (PTT). */
  voice: boolean;
}

export interface OrphanLine {
  line: number;
  text: string;
}

/** What the file's dates say about their order. */
export interface DateOrderEvidence {
  entries: number;
  yearFirst: number;
  /** Largest first / second field among entries whose year is last. */
  max1: number;
  max2: number;
  /** How often the first / second field changed between consecutive entries. */
  changes1: number;
  changes2: number;
  /** How often the date went backwards if read day-first / month-first. */
  backwardsDmy: number;
  backwardsMdy: number;
}

/** Spaces inside a timestamp: ordinary, tab, no-break, narrow no-break (never a newline: a header is one line). */
const SPACE = '[ \\t\\u00a0\\u202f]';
/**
 * One timestamp header, both families: optional invisible marks, optional `[`, the date (`/ . -`),
 * optional comma, the time with optional seconds, optional stray `.`, optional a.m./p.m. in any
 * spelling and spacing, then `] ` (iOS) or ` - ` (Android).
 */
const HEADER_SOURCE =
  `[\\u200e\\u200f\\ufeff]*(\\[)?(\\d{1,4})[./-](\\d{1,2})[./-](\\d{1,4})\\.?,?${SPACE}*` +
    `(\\d{1,2})[:.](\\d{2})(?:[:.](\\d{2}))?\\.?${SPACE}*(?:([aApP])\\.?${SPACE}*[mM]\\.?)?${SPACE}*` +
    `(?:\\]${SPACE}*|[-–]${SPACE})`;
const HEADER = new RegExp(`^${HEADER_SOURCE}`);
/** The same, matched in place inside a chunk (no slice per line). */
const HEADER_AT = new RegExp(HEADER_SOURCE, 'y');
const INVISIBLE = /[\u200e\u200f\ufeff\u202a-\u202e\u2066-\u2069]/g;
const HAS_INVISIBLE = /[\u200e\u200f\ufeff\u202a-\u202e\u2066-\u2069]/;
const EDITED = /[\s\u200e]*<(?:Se editó este mensaje\.?|This message was edited|Mensaje editado)>\s*$/i;

const PLACEHOLDERS: Record<string, MediaKind> = {
  '<multimedia omitido>': 'other', '<media omitted>': 'other', '<archivo omitido>': 'other', 'multimedia omitido': 'other',
  'imagen omitida': 'image', 'image omitted': 'image', '<imagen omitida>': 'image',
  'audio omitido': 'audio', 'audio omitted': 'audio', '<audio omitido>': 'audio',
  'video omitido': 'video', 'video omitted': 'video', '<video omitido>': 'video',
  'gif omitido': 'video', 'gif omitted': 'video',
  'sticker omitido': 'sticker', 'sticker omitted': 'sticker', '<sticker omitido>': 'sticker',
  'documento omitido': 'document', 'document omitted': 'document',
  'tarjeta de contacto omitida': 'contacts', 'contact card omitted': 'contacts',
};
const ATTACHED = /^(.+?\.[A-Za-z0-9]{2,5})\s*\((?:archivo adjunto|file attached)\)$/i;
const ATTACHED_IOS = /^<(?:adjunto|attached|anexo):\s*(.+)>$/i;
const LOCATION_START = /^(?:ubicaci|location|live loc)/i;
const LOCATION = /^(?:ubicación|location|ubicación en tiempo real compartida|live location shared)(?::\s*https?:\/\/\S+)?\.?$/i;

const DELETED = /^(?:se eliminó este mensaje|eliminaste este mensaje|this message was deleted|you deleted this message|mensaje eliminado)\.?$/i;
const OWNER_DELETED = /^(?:eliminaste este mensaje|you deleted this message)\.?$/i;
const ENCRYPTION = /cifrad[oa]s? de extremo a extremo|end-to-end encrypted/i;
const SECURITY = /código de seguridad|security code/i;
const AUTHORED_SYSTEM_START = /^\s*(?:se elimin|eliminaste|this message|you deleted|mensaje elim|llamada|missed|videollamada)/i;
const CALL = /^(?:llamada (?:de voz|de video|perdida)[^:]*|missed (?:voice|video) call[^:]*|videollamada perdida)$/i;
const MEMBERSHIP = /(?:añadió|\badded\b|se unió|\bjoined\b|salió|\bleft\b|eliminó a|\bremoved\b|creó (?:el )?grupo|created group|invitación|invite link)/i;
const GROUP_CHANGE = /(?:cambió|\bchanged\b)/i;
/** An author-like prefix that is really part of a system line ("X cambió el asunto a "A: B""). */
const SYSTEM_AUTHOR = / (?:cambió|changed|creó|created|añadió|added|eliminó|removed) /;

export class WhatsAppParser {
  readonly evidence: DateOrderEvidence = {
    entries: 0, yearFirst: 0, max1: 0, max2: 0, changes1: 0, changes2: 0, backwardsDmy: 0, backwardsMdy: 0,
  };
  /** Authors seen writing "You deleted this message": the export's owner. */
  readonly ownerHints = new Set<string>();
  private lineNo = 0;
  private carry = '';
  private current: WhatsAppEntry | null = null;
  private lines: string[] = [];
  private previous: { f1: number; f2: number; f3: number } | null = null;

  constructor(
    private readonly onEntry: (entry: WhatsAppEntry) => void,
    private readonly onOrphan: (orphan: OrphanLine) => void = () => {},
  ) {}

  /** Feeds decoded text; lines may be split anywhere between calls. */
  push(text: string): void {
    let start = 0;
    let data = text;
    if (this.carry) {
      data = this.carry + text;
      this.carry = '';
    }
    for (;;) {
      const nl = data.indexOf('\n', start);
      if (nl < 0) break;
      this.line(data, start, nl > start && data.charCodeAt(nl - 1) === 13 ? nl - 1 : nl);
      start = nl + 1;
    }
    if (start < data.length) this.carry = data.slice(start);
  }

  /** Flushes the last line and entry. */
  end(): void {
    if (this.carry) {
      const last = this.carry;
      this.carry = '';
      this.line(last, 0, last.endsWith('\r') ? last.length - 1 : last.length);
    }
    this.flush();
  }

  private line(data: string, start: number, end: number): void {
    this.lineNo++;
    const first = data.charCodeAt(start);
    let match: RegExpExecArray | null = null;
    // Cheap gate: a header starts with a digit, '[' or an invisible mark.
    if ((first >= 48 && first <= 57) || first === 91 || first > 0x2000) {
      HEADER_AT.lastIndex = start;
      match = HEADER_AT.exec(data);
    }
    if (match === null) {
      const text = data.slice(start, end);
      if (this.current) this.lines.push(text);
      else if (text.replace(INVISIBLE, '').trim() !== '') this.onOrphan({ line: this.lineNo, text });
      return;
    }
    this.flush();
    const f1 = +match[2]!;
    const f2 = +match[3]!;
    const f3 = +match[4]!;
    let hour = +match[5]!;
    const marker = match[8];
    // Impossible 12-hour times ("00:08 a. m.", "13:37 p. m.") are read as 24-hour ones.
    if (marker !== undefined && hour >= 1 && hour <= 12) {
      const pm = marker === 'p' || marker === 'P';
      hour = (hour % 12) + (pm ? 12 : 0);
    }
    this.observeDate(f1, f2, f3, match[2]!.length);
    this.current = {
      line: this.lineNo, f1, f2, f3, hour, minute: +match[6]!, second: match[7] === undefined ? 0 : +match[7],
      author: null, text: data.slice(start + match[0].length, end), system: null, media: null, edited: false, voice: false,
    };
  }

  private observeDate(f1: number, f2: number, f3: number, firstDigits: number): void {
    const e = this.evidence;
    e.entries++;
    if (firstDigits >= 3 || f1 > 31) {
      e.yearFirst++;
      return;
    }
    if (f1 > e.max1) e.max1 = f1;
    if (f2 > e.max2) e.max2 = f2;
    const p = this.previous;
    if (p) {
      if (p.f1 !== f1) e.changes1++;
      if (p.f2 !== f2) e.changes2++;
      const year = f3 < 100 ? f3 + 2000 : f3;
      const pYear = p.f3 < 100 ? p.f3 + 2000 : p.f3;
      if (year * 10000 + f2 * 100 + f1 < pYear * 10000 + p.f2 * 100 + p.f1) e.backwardsDmy++;
      if (year * 10000 + f1 * 100 + f2 < pYear * 10000 + p.f1 * 100 + p.f2) e.backwardsMdy++;
    }
    this.previous = { f1, f2, f3 };
  }

  private flush(): void {
    const entry = this.current;
    if (!entry) return;
    this.current = null;
    const rest = entry.text;
    const extra = this.lines;
    if (extra.length) {
      this.lines = [];
      // Blank lines after a message (end of file, hand edits) are not part of it.
      while (extra.length && extra[extra.length - 1]!.trim() === '') extra.pop();
    }
    classify(entry, rest, extra, this.ownerHints);
    this.onEntry(entry);
  }
}

/** Splits author and text, then tells messages, media and system rows apart. */
function classify(entry: WhatsAppEntry, rest: string, extra: string[], ownerHints: Set<string>): void {
  // Invisible marks sit at the start of the line, of the author (numbers wrapped in U+202A…U+202C)
  // and of the text (before attachment names): checking those places is enough and cheap.
  let head = rest.charCodeAt(0) > 0x2000 || rest.indexOf('\u202c') >= 0 ? rest.replace(INVISIBLE, '') : rest;
  let split = head.indexOf(': ');
  if (split < 0 && head.endsWith(':')) split = head.length - 1;
  if (split > 10 && SYSTEM_AUTHOR.test(head.slice(0, split))) split = -1;
  if (split <= 0) {
    entry.text = extra.length ? `${head}\n${extra.join('\n')}` : head;
    entry.system = systemKind(head);
    return;
  }
  const author = head.slice(0, split).trim();
  head = head.slice(split + 2);
  if (head.charCodeAt(0) > 0x2000) head = head.replace(INVISIBLE, '');
  entry.author = author;
  if (extra.length === 0) {
    const system = authoredSystemKind(head);
    if (system) {
      const trimmed = head.trim();
      if (system === 'deleted' && OWNER_DELETED.test(trimmed)) ownerHints.add(author);
      entry.system = system;
      entry.text = system === 'encryption' ? trimmed : `${author}: ${trimmed}`;
      return;
    }
  }
  let text = extra.length ? `${head}\n${extra.map((l) => (HAS_INVISIBLE.test(l) ? l.replace(INVISIBLE, '') : l)).join('\n')}` : head;
  const last = text.charCodeAt(text.length - 1);
  if (last === 62 /* > */ || last === 32) {
    const edited = EDITED.exec(text);
    if (edited) {
      entry.edited = true;
      text = text.slice(0, edited.index);
    }
  }
  // Media: the first line is a placeholder or an attachment; later lines are its caption.
  const nl = extra.length ? text.indexOf('\n') : -1;
  const media = mediaOf(nl < 0 ? text : text.slice(0, nl));
  if (media) {
    entry.media = media.kind;
    entry.voice = media.voice;
    text = nl < 0 ? '' : text.slice(nl + 1);
  }
  entry.text = text;
}

/** Authored lines that are not messages: deleted-message notes, the encryption notice, calls. */
function authoredSystemKind(text: string): SystemKind | null {
  if (text.length < 45) {
    if (!AUTHORED_SYSTEM_START.test(text)) return null;
    const trimmed = text.trim();
    if (DELETED.test(trimmed)) return 'deleted';
    if (CALL.test(trimmed)) return 'call';
    return null;
  }
  if ((text.includes('extremo a extremo') || text.includes('end-to-end')) && ENCRYPTION.test(text)) return 'encryption';
  return null;
}

function mediaOf(line: string): { kind: MediaKind; voice: boolean } | null {
  if (line.length > 200 || line.length < 5) return null;
  // Gate on the only shapes a media line has: `<…>`, `… (archivo adjunto)`, `… omitido/omitida/omitted`, `ubicación…`.
  const first = line.charCodeAt(0);
  const last = line.charCodeAt(line.length - 1);
  const gated = first === 60 /* < */ || last === 41 /* ) */ || last === 62 /* > */ || last === 32
    || ((last === 111 || last === 97 || last === 100) && (line.endsWith('omitido') || line.endsWith('omitida') || line.endsWith('omitted')))
    || ((first === 85 || first === 117 || first === 76 || first === 108) && LOCATION_START.test(line));
  if (!gated) return null;
  const trimmed = line.trim();
  const lower = trimmed.toLowerCase();
  const placeholder = PLACEHOLDERS[lower];
  if (placeholder) return { kind: placeholder, voice: false };
  if (lower.endsWith('documento omitido') || lower.endsWith('document omitted')) return { kind: 'document', voice: false };
  const attached = ATTACHED.exec(trimmed) ?? ATTACHED_IOS.exec(trimmed);
  if (attached) return attachmentKind(attached[1]!);
  if (LOCATION.test(trimmed)) return { kind: 'location', voice: false };
  return null;
}

/** Kind of an attached file from its WhatsApp name (`PTT-…opus`, `IMG-…jpg`, iOS `…-PHOTO-…jpg`). */
export function attachmentKind(name: string): { kind: MediaKind; voice: boolean } {
  const upper = name.toUpperCase();
  const ext = upper.slice(upper.lastIndexOf('.') + 1);
  if (upper.startsWith('PTT-') || upper.includes('-AUDIO-') || ext === 'OPUS') return { kind: 'audio', voice: upper.startsWith('PTT-') || ext === 'OPUS' };
  if (upper.startsWith('AUD-') || ['M4A', 'MP3', 'AAC', 'OGG', 'WAV', 'AMR'].includes(ext)) return { kind: 'audio', voice: false };
  if (upper.startsWith('STK-') || upper.includes('-STICKER-') || ext === 'WEBP') return { kind: 'sticker', voice: false };
  if (upper.startsWith('IMG-') || upper.includes('-PHOTO-') || ['JPG', 'JPEG', 'PNG', 'HEIC', 'GIF'].includes(ext)) return { kind: 'image', voice: false };
  if (upper.startsWith('VID-') || upper.includes('-VIDEO-') || ['MP4', 'MOV', '3GP', 'MKV'].includes(ext)) return { kind: 'video', voice: false };
  if (ext === 'VCF') return { kind: 'contacts', voice: false };
  return { kind: 'document', voice: false };
}

function systemKind(text: string): SystemKind {
  if (ENCRYPTION.test(text)) return 'encryption';
  if (SECURITY.test(text)) return 'security_code';
  if (DELETED.test(text.trim())) return 'deleted';
  if (MEMBERSHIP.test(text)) return 'membership';
  if (GROUP_CHANGE.test(text)) return 'group_change';
  return 'other';
}

/**
 * The file's date order: year-first when the year leads; a field above 12 settles day-first vs
 * month-first; otherwise the reading under which dates go backwards less often, then the field that
 * changes more often (the day), then day-first (the order of Spanish-speaking locales).
 */
export function decideDateOrder(e: DateOrderEvidence): DateOrder {
  if (e.yearFirst > e.entries / 2) return 'ymd';
  const firstIsDay = e.max1 > 12;
  const secondIsDay = e.max2 > 12;
  if (firstIsDay !== secondIsDay) return firstIsDay ? 'dmy' : 'mdy';
  if (e.backwardsDmy !== e.backwardsMdy) return e.backwardsDmy < e.backwardsMdy ? 'dmy' : 'mdy';
  if (e.changes1 !== e.changes2) return e.changes1 > e.changes2 ? 'dmy' : 'mdy';
  return 'dmy';
}

/** Year, month, day of an entry under a date order (2-digit years are 20xx). */
export function dateParts(entry: Pick<WhatsAppEntry, 'f1' | 'f2' | 'f3'>, order: DateOrder): [number, number, number] {
  const [y, m, d] = order === 'ymd' || entry.f1 > 31 ? [entry.f1, entry.f2, entry.f3] : order === 'dmy' ? [entry.f3, entry.f2, entry.f1] : [entry.f3, entry.f1, entry.f2];
  return [y < 100 ? y + 2000 : y, m, d];
}

/** Whether the first lines of a text look like a WhatsApp chat export. */
export function looksLikeWhatsApp(headText: string): boolean {
  const lines = headText.split(/\r?\n/, 20).filter((l) => l.replace(INVISIBLE, '').trim() !== '');
  if (!lines.length) return false;
  const hits = lines.filter((l) => HEADER.test(l)).length;
  // A hand-edited first line must not hide the export: enough of the first lines carry a timestamp.
  return hits >= Math.max(1, lines.length / 3);
}

/** Parses a whole text at once (tests, benchmarks). */
export function parseWhatsAppText(text: string): { entries: WhatsAppEntry[]; orphans: OrphanLine[]; order: DateOrder; ownerHints: Set<string> } {
  const entries: WhatsAppEntry[] = [];
  const orphans: OrphanLine[] = [];
  const parser = new WhatsAppParser((e) => entries.push(e), (o) => orphans.push(o));
  parser.push(text);
  parser.end();
  return { entries, orphans, order: decideDateOrder(parser.evidence), ownerHints: parser.ownerHints };
}
