import { isUtf8 } from 'node:buffer';
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * What DuckDB's CSV reader cannot take from a UTF-8 file: NUL bytes, byte sequences that are not
 * UTF-8 (a Windows-1252 line pasted into a UTF-8 file), and line endings that change within the file
 * (\r\n, \n and \r mixed; its reader settles on one and fails on the others).
 */
export interface TextScan {
  nul: number;
  invalidUtf8: boolean;
  crlf: number;
  lf: number;
  cr: number;
}

const CHUNK = 1 << 20;

/** Reads the whole file once, fast paths only (indexOf, isUtf8). */
export async function scanText(file: string): Promise<TextScan> {
  const scan: TextScan = { nul: 0, invalidUtf8: false, crlf: 0, lf: 0, cr: 0 };
  let carry = Buffer.alloc(0);
  let previousCr = false;
  for await (const piece of createReadStream(file, { highWaterMark: CHUNK })) {
    const chunk = piece as Buffer;
    for (let at = chunk.indexOf(0); at !== -1; at = chunk.indexOf(0, at + 1)) scan.nul++;
    if (!scan.invalidUtf8) {
      const joined = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const end = completeLength(joined);
      if (!isUtf8(joined.subarray(0, end))) scan.invalidUtf8 = true;
      carry = Buffer.from(joined.subarray(end));
    }
    // A \r at the end of the previous chunk pairs with a \n at the start of this one.
    let start = 0;
    if (previousCr) {
      if (chunk[0] === 10) { scan.crlf++; start = 1; } else scan.cr++;
    }
    previousCr = false;
    let lfs = 0;
    for (let at = chunk.indexOf(10, start); at !== -1; at = chunk.indexOf(10, at + 1)) lfs++;
    let crlfs = 0;
    for (let at = chunk.indexOf(13, start); at !== -1; at = chunk.indexOf(13, at + 1)) {
      if (at === chunk.length - 1) previousCr = true;
      else if (chunk[at + 1] === 10) crlfs++;
      else scan.cr++;
    }
    scan.crlf += crlfs;
    scan.lf += lfs - crlfs;
  }
  if (previousCr) scan.cr++;
  if (carry.length) scan.invalidUtf8 = true;
  return scan;
}

export function needsCleaning(scan: TextScan): boolean {
  const endings = [scan.crlf, scan.lf, scan.cr].filter((n) => n > 0).length;
  return scan.nul > 0 || scan.invalidUtf8 || endings > 1;
}

/** One line of what cleaning changed, for the import summary; undefined when nothing did. */
export function describeCleaning(scan: TextScan): string | undefined {
  const parts: string[] = [];
  if (scan.nul) parts.push(`${scan.nul} NUL bytes removed`);
  if (scan.invalidUtf8) parts.push('bytes that are not UTF-8 read as Windows-1252');
  if ([scan.crlf, scan.lf, scan.cr].filter((n) => n > 0).length > 1) parts.push('mixed line endings (\\r\\n, \\n, \\r) read as one each');
  return parts.length ? parts.join('; ') : undefined;
}

/**
 * Writes a clean UTF-8 copy of a UTF-8 file: NUL bytes dropped, every line ending as \n (so line
 * numbers stay those an editor shows), and any byte that is not part of a UTF-8 sequence read as
 * Windows-1252 (keeping "mañana" whichever way the line was saved, instead of rejecting the row).
 */
export async function writeCleanUtf8(file: string, out: string): Promise<void> {
  const sink = createWriteStream(out, { mode: 0o600 });
  const normaliser = createTextNormaliser();
  const emit = async (text: string) => {
    if (text && !sink.write(text)) await once(sink, 'drain');
  };
  let carry = Buffer.alloc(0);
  try {
    for await (const piece of createReadStream(file, { highWaterMark: CHUNK })) {
      const joined = carry.length ? Buffer.concat([carry, piece as Buffer]) : (piece as Buffer);
      const end = completeLength(joined);
      await emit(normaliser.push(decodeLenient(joined.subarray(0, end))));
      carry = Buffer.from(joined.subarray(end));
    }
    await emit(normaliser.push(decodeLenient(carry)) + normaliser.end());
  } finally {
    sink.end();
    await once(sink, 'close');
  }
}

/** Streaming text clean-up: NULs dropped, \r\n and \r as \n (a \r ending one piece may pair with the next). */
export function createTextNormaliser(): { push(text: string): string; end(): string } {
  let pendingCr = false;
  return {
    push(text) {
      let cleaned = text.includes('\0') ? text.replaceAll('\0', '') : text;
      if (pendingCr) cleaned = `\r${cleaned}`;
      pendingCr = cleaned.endsWith('\r');
      if (pendingCr) cleaned = cleaned.slice(0, -1);
      return cleaned.includes('\r') ? cleaned.replace(/\r\n?/g, '\n') : cleaned;
    },
    end() {
      const rest = pendingCr ? '\n' : '';
      pendingCr = false;
      return rest;
    },
  };
}

/**
 * Windows-1252 by table: Node 20's TextDecoder('windows-1252') decodes 0x80-0x9F as Latin-1 control
 * codes, so Excel's “ ” … € – would arrive as invisible characters.
 */
const HIGH_1252 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const WINDOWS_1252 = Array.from({ length: 256 }, (_, i) => (i >= 0x80 && i < 0xa0 ? HIGH_1252[i - 0x80]! : String.fromCharCode(i))).join('');

/** Windows-1252 bytes (what Excel in Mexico saves) to text. */
export function decodeWindows1252(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    text += String.fromCharCode(...Array.from(bytes.subarray(i, i + 8192), (b) => WINDOWS_1252.charCodeAt(b)));
  }
  return text;
}

/** UTF-8 where it is valid; each byte that is not, as its Windows-1252 character. */
export function decodeLenient(bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  let text = '';
  let runStart = 0;
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    text += bytes.subarray(runStart, i).toString('utf8') + WINDOWS_1252[bytes[i]!]!;
    i += 1;
    runStart = i;
  }
  return text + bytes.subarray(runStart).toString('utf8');
}

/** The length of the valid UTF-8 sequence at `i`, or 0. */
function sequenceLength(bytes: Buffer, i: number): number {
  const b0 = bytes[i]!;
  if (b0 < 0x80) return 1;
  const cont = (k: number) => i + k < bytes.length && (bytes[i + k]! & 0xc0) === 0x80;
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const b1 = bytes[i + 1] ?? 0;
    if ((b0 === 0xe0 && b1 < 0xa0) || (b0 === 0xed && b1 > 0x9f)) return 0;
    return cont(1) && cont(2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const b1 = bytes[i + 1] ?? 0;
    if ((b0 === 0xf0 && b1 < 0x90) || (b0 === 0xf4 && b1 > 0x8f)) return 0;
    return cont(1) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** How many bytes end on a character boundary (a sequence cut at the end waits for the next chunk). */
function completeLength(bytes: Buffer): number {
  const end = bytes.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const byte = bytes[end - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    if (byte >= 0xc0) {
      const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return back < need ? end - back : end;
    }
    return end;
  }
  return end;
}

/**
 * Line numbers of the empty lines outside quoted fields. DuckDB's CSV reader skips them without a
 * trace, which would shift the line numbers of every row after them; csv-source.ts counts them back.
 * A quick pass looks for two line breaks in a row first; most files have none.
 */
export async function blankLines(file: string): Promise<number[]> {
  if (!(await hasDoubleBreak(file))) return [];
  const blanks: number[] = [];
  let line = 1;
  let atLineStart = true;
  let inQuotes = false;
  let previousCr = false;
  for await (const piece of createReadStream(file, { highWaterMark: CHUNK })) {
    const chunk = piece as Buffer;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (byte === 10 && previousCr) {
        previousCr = false;
        continue;
      }
      previousCr = byte === 13;
      if (byte === 10 || byte === 13) {
        if (atLineStart && !inQuotes) blanks.push(line);
        line++;
        atLineStart = true;
      } else {
        if (byte === 34) inQuotes = !inQuotes;
        atLineStart = false;
      }
    }
  }
  return blanks;
}

async function hasDoubleBreak(file: string): Promise<boolean> {
  const patterns = [Buffer.from('\n\n'), Buffer.from('\r\n\r\n'), Buffer.from('\r\r')];
  let tail = Buffer.alloc(0);
  for await (const piece of createReadStream(file, { highWaterMark: CHUNK })) {
    const joined = Buffer.concat([tail, piece as Buffer]);
    if (patterns.some((p) => joined.includes(p))) return true;
    tail = Buffer.from(joined.subarray(Math.max(0, joined.length - 3)));
  }
  return false;
}
