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
  /** The previous entry's date fields (-1 before the first). */
  private p1 = -1;
  private p2 = -1;
  private p3 = -1;

  constructor(
    private readonly onEntry: (entry: WhatsAppEntry) => void,
    private readonly onOrphan: (orphan: OrphanLine) => void = () => {},
  ) {}

  /** Feeds decoded text; lines may be split anywhere between calls. */
  push(text: string): void {
    let start = 0;
    if (this.carry) {
      // Only the split line is joined: concatenating whole pieces would copy every piece once more.
      const nl = text.indexOf('\n');
      if (nl < 0) {
        this.carry += text;
        return;
      }
      const joined = this.carry + text.slice(0, nl);
      this.carry = '';
      this.line(joined, 0, joined.endsWith('\r') ? joined.length - 1 : joined.length);
      start = nl + 1;
    }
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      this.line(text, start, nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl);
      start = nl + 1;
    }
    if (start < text.length) this.carry = text.slice(start);
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
    // Cheap gate: a header starts with a digit, '[' or an invisible mark.
    const headerEnd = (first >= 48 && first <= 57) || first === 91 || first > 0x2000 ? scanHeader(data, start, end) : -1;
    if (headerEnd < 0) {
      const text = data.slice(start, end);
      if (this.current) this.lines.push(text);
      else if (text.replace(INVISIBLE, '').trim() !== '') this.onOrphan({ line: this.lineNo, text });
      return;
    }
    this.flush();
    let hour = H.hour;
    // Impossible 12-hour times ("00:08 a. m.", "13:37 p. m.") are read as 24-hour ones.
    if (H.meridiem !== 0 && hour >= 1 && hour <= 12) hour = (hour % 12) + (H.meridiem === 2 ? 12 : 0);
    this.observeDate(H.f1, H.f2, H.f3, H.f1Digits);
    const entry: WhatsAppEntry = {
      line: this.lineNo, f1: H.f1, f2: H.f2, f3: H.f3, hour, minute: H.minute, second: H.second,
      author: null, text: '', system: null, media: null, edited: false, voice: false,
    };
    // Author and text straight from the chunk, without an intermediate string for the rest of the line.
    let colon = data.charCodeAt(headerEnd) > 0x2000 ? -1 : data.indexOf(': ', headerEnd);
    if (colon >= end) colon = -1;
    if (colon > headerEnd) {
      entry.author = data.slice(headerEnd, colon);
      entry.text = data.slice(colon + 2, end);
    } else {
      entry.text = data.slice(headerEnd, end);
    }
    this.current = entry;
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
    if (this.p1 >= 0) {
      if (this.p1 !== f1) e.changes1++;
      if (this.p2 !== f2) e.changes2++;
      const year = f3 < 100 ? f3 + 2000 : f3;
      const pYear = this.p3 < 100 ? this.p3 + 2000 : this.p3;
      if (year * 10000 + f2 * 100 + f1 < pYear * 10000 + this.p2 * 100 + this.p1) e.backwardsDmy++;
      if (year * 10000 + f1 * 100 + f2 < pYear * 10000 + this.p1 * 100 + this.p2) e.backwardsMdy++;
    }
    this.p1 = f1;
    this.p2 = f2;
    this.p3 = f3;
  }

  private flush(): void {
    const entry = this.current;
    if (!entry) return;
    this.current = null;
    const extra = this.lines;
    if (extra.length) {
      this.lines = [];
      // Blank lines after a message (end of file, hand edits) are not part of it.
      while (extra.length && extra[extra.length - 1]!.trim() === '') extra.pop();
    }
    classify(entry, extra, this.ownerHints);
    this.onEntry(entry);
  }
}

/** The fields of the last header `scanHeader` read (one shared object: no allocation per line). */
const H = { f1: 0, f2: 0, f3: 0, f1Digits: 0, hour: 0, minute: 0, second: 0, meridiem: 0 };

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 0xa0 || c === 0x202f;
}

/**
 * Reads a timestamp header at `start`: optional invisible marks and `[`, the date (1-4, 1-2 and 1-4
 * digits separated by `/ . -`), optional `.` and comma, the time (`:` or `.`, optional seconds),
 * optional stray `.`, optional a.m./p.m. in any spelling and spacing (ordinary, tab, no-break and
 * narrow no-break spaces), then `] ` (iOS) or ` - ` (Android). Returns where the author begins, or -1.
 * By hand rather than a regular expression with captures: several times faster per line.
 */
function scanHeader(s: string, start: number, end: number): number {
  let i = start;
  let c = s.charCodeAt(i);
  while (c === 0x200e || c === 0x200f || c === 0xfeff) c = s.charCodeAt(++i);
  const bracket = c === 91;
  if (bracket) c = s.charCodeAt(++i);
  // Date: 1-4 digits, separator, 1-2 digits, separator, 1-4 digits.
  let n = 0;
  let digits = 0;
  while (c >= 48 && c <= 57 && digits < 4) { n = n * 10 + c - 48; digits++; c = s.charCodeAt(++i); }
  if (digits === 0 || !(c === 47 || c === 46 || c === 45)) return -1;
  H.f1 = n; H.f1Digits = digits;
  c = s.charCodeAt(++i); n = 0; digits = 0;
  while (c >= 48 && c <= 57 && digits < 2) { n = n * 10 + c - 48; digits++; c = s.charCodeAt(++i); }
  if (digits === 0 || !(c === 47 || c === 46 || c === 45)) return -1;
  H.f2 = n;
  c = s.charCodeAt(++i); n = 0; digits = 0;
  while (c >= 48 && c <= 57 && digits < 4) { n = n * 10 + c - 48; digits++; c = s.charCodeAt(++i); }
  if (digits === 0) return -1;
  H.f3 = n;
  if (c === 46) c = s.charCodeAt(++i);
  if (c === 44) c = s.charCodeAt(++i);
  while (isSpace(c)) c = s.charCodeAt(++i);
  // Time: H or HH, ':' or '.', MM, optional seconds.
  n = 0; digits = 0;
  while (c >= 48 && c <= 57 && digits < 2) { n = n * 10 + c - 48; digits++; c = s.charCodeAt(++i); }
  if (digits === 0 || !(c === 58 || c === 46)) return -1;
  H.hour = n;
  const m1 = s.charCodeAt(i + 1) - 48;
  const m2 = s.charCodeAt(i + 2) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9) return -1;
  H.minute = m1 * 10 + m2;
  i += 3;
  c = s.charCodeAt(i);
  H.second = 0;
  if (c === 58 || c === 46) {
    const s1 = s.charCodeAt(i + 1) - 48;
    const s2 = s.charCodeAt(i + 2) - 48;
    if (s1 >= 0 && s1 <= 9 && s2 >= 0 && s2 <= 9) {
      H.second = s1 * 10 + s2;
      i += 3;
      c = s.charCodeAt(i);
    }
  }
  if (c === 46) c = s.charCodeAt(++i);
  while (isSpace(c)) c = s.charCodeAt(++i);
  // a.m. / p.m. in any spelling: a, am, a.m., a. m., with any of the spaces.
  H.meridiem = 0;
  if (c === 97 || c === 65 || c === 112 || c === 80) {
    let j = i + 1;
    let d = s.charCodeAt(j);
    if (d === 46) d = s.charCodeAt(++j);
    while (isSpace(d)) d = s.charCodeAt(++j);
    if (d === 109 || d === 77) {
      H.meridiem = c === 97 || c === 65 ? 1 : 2;
      d = s.charCodeAt(++j);
      if (d === 46) d = s.charCodeAt(++j);
      i = j;
      c = d;
      while (isSpace(c)) c = s.charCodeAt(++i);
    }
  }
  if (c === 93) {
    // iOS: "] " (spaces optional).
    c = s.charCodeAt(++i);
    while (isSpace(c)) c = s.charCodeAt(++i);
    return i <= end ? i : -1;
  }
  if ((c === 45 || c === 0x2013) && isSpace(s.charCodeAt(i + 1)) && !bracket) return i + 2 <= end ? i + 2 : -1;
  return -1;
}

/** Splits author and text, then tells messages, media and system rows apart. */
function classify(entry: WhatsAppEntry, extra: string[], ownerHints: Set<string>): void {
  let author = entry.author;
  let head = entry.text;
  if (author === null) {
    // No ": " found in place: an invisible mark before the author, or a system line.
    head = HAS_INVISIBLE.test(head) ? head.replace(INVISIBLE, '') : head;
    let split = head.indexOf(': ');
    if (split < 0 && head.endsWith(':')) split = head.length - 1;
    if (split > 0) {
      author = head.slice(0, split);
      head = head.slice(split + 2);
    }
  }
  // Invisible marks around the author: numbers are wrapped in U+202A…U+202C.
  if (author !== null && (author.charCodeAt(0) > 0x2000 || author.charCodeAt(author.length - 1) > 0x2000)) author = author.replace(INVISIBLE, '');
  if (author !== null && author.length > 10 && SYSTEM_AUTHOR.test(author)) {
    head = `${author}: ${head}`;
    author = null;
  }
  if (author === null) {
    entry.text = extra.length ? `${head}\n${extra.join('\n')}` : head;
    entry.system = systemKind(head);
    return;
  }
  author = author.trim();
  if (head.charCodeAt(0) > 0x2000) head = head.replace(INVISIBLE, '');
  entry.author = author;
  if (extra.length === 0) {
    const system = authoredSystemKind(head);
    if (system) {
      const trimmed = head.trim();
      if (system === 'deleted' && OWNER_DELETED.test(trimmed)) ownerHints.add(author);
      entry.system = system;
      entry.author = author;
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
  const hits = lines.filter((l) => scanHeader(l, 0, l.length) >= 0).length;
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
