import { closeSync, createReadStream, createWriteStream, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTextNormaliser, decodeWindows1252, describeCleaning, needsCleaning, scanText, writeCleanUtf8 } from './text-cleaner.ts';

/**
 * How a file's bytes are text. 'latin-1' and 'windows-1252' both decode as Windows-1252 (what
 * Excel in Mexico writes: “ ” € in 0x80–0x9F, where true Latin-1 has only control codes).
 */
export type Encoding = 'utf-8' | 'utf-16' | 'latin-1' | 'windows-1252';
export const ENCODINGS: readonly Encoding[] = ['utf-8', 'utf-16', 'latin-1', 'windows-1252'];

/** Reads the first bytes of a file (for format and encoding sniffing). */
export function readHead(file: string, bytes = 64 * 1024): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const read = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** BOM first; else valid UTF-8 means UTF-8; else Latin-1 (what Excel in Mexico writes). */
export function detectEncoding(head: Buffer): Encoding {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16';
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  const complete = trimPartialCodepoint(head);
  if (isValidUtf8(complete)) return 'utf-8';
  // A UTF-8 file with a few stray bytes (a Windows-1252 line pasted in) stays UTF-8; text-cleaner.ts reads the strays.
  return mostlyUtf8(complete) ? 'utf-8' : 'latin-1';
}

/** More valid multi-byte UTF-8 sequences than bytes that fit none. */
function mostlyUtf8(bytes: Buffer): boolean {
  const text = new TextDecoder('utf-8').decode(bytes);
  let valid = 0;
  let invalid = 0;
  for (const char of text) {
    if (char === '\uFFFD') invalid++;
    else if (char.charCodeAt(0) > 0x7f) valid++;
  }
  return valid > invalid;
}

/** Decodes a sniffed head to text for format detection. */
export function decodeHead(head: Buffer, encoding = detectEncoding(head)): string {
  return makeDecoder(decoderLabel(encoding, head)).decode(head).replace(/^\uFEFF/, '').replaceAll('\0', '');
}

/** Node 20's TextDecoder reads windows-1252's 0x80-0x9F (“ ” € …) as control codes: use a table for it. */
function makeDecoder(label: string): { decode(bytes?: Uint8Array, options?: { stream?: boolean }): string } {
  if (label === 'windows-1252') return { decode: (bytes) => (bytes ? decodeWindows1252(bytes) : '') };
  return new TextDecoder(label);
}

/** The WHATWG decoder for an encoding; UTF-16 without a BOM is taken as little-endian. */
export function decoderLabel(encoding: Encoding, head: Buffer): string {
  if (encoding === 'utf-16') return head[0] === 0xfe && head[1] === 0xff ? 'utf-16be' : 'utf-16le';
  if (encoding === 'latin-1' || encoding === 'windows-1252') return 'windows-1252';
  return 'utf-8';
}

/** A file's text in pieces (BOM dropped), decoded as it streams: never the whole file in memory. */
export async function* readTextChunks(file: string, encoding: Encoding, onBytes?: (bytes: number) => void): AsyncGenerator<string> {
  const decoder = makeDecoder(decoderLabel(encoding, readHead(file, 4)));
  let first = true;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const bytes = chunk as Buffer;
    onBytes?.(bytes.length);
    let text = decoder.decode(bytes, { stream: true });
    if (first) {
      text = text.replace(/^\uFEFF/, '');
      first = false;
    }
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** Writes a UTF-8 copy of a file in another encoding (DuckDB's readers then see UTF-8), streaming. */
export async function transcodeToUtf8(file: string, encoding: Encoding, out: string): Promise<void> {
  const sink = createWriteStream(out, { mode: 0o600 });
  const normaliser = createTextNormaliser();
  try {
    for await (const text of readTextChunks(file, encoding)) {
      if (!sink.write(normaliser.push(text))) await once(sink, 'drain');
    }
    sink.write(normaliser.end());
  } finally {
    sink.end();
    await once(sink, 'close');
  }
}

function isValidUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** A head cut mid-character must not read as invalid UTF-8. */
function trimPartialCodepoint(bytes: Buffer): Buffer {
  let end = bytes.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const byte = bytes[end - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    if (byte >= 0xc0) end -= back;
    break;
  }
  return bytes.subarray(0, end);
}

/**
 * The file as UTF-8 for DuckDB's readers: the file itself when it already is clean UTF-8, else a
 * temporary copy (mode 0600, in a private folder: it holds phone numbers), removed by `dispose`:
 * transcoded (DuckDB's own 'latin-1' is not Windows-1252) and with NULs dropped and mixed line
 * endings made one (DuckDB's CSV reader fails on both). `cleaned` says what changed.
 */
export async function utf8File(file: string, encoding: Encoding): Promise<{ path: string; dispose(): void; cleaned?: string }> {
  let cleaned: string | undefined;
  if (encoding === 'utf-8') {
    const scan = await scanText(file);
    if (!needsCleaning(scan)) return { path: file, dispose() {} };
    cleaned = describeCleaning(scan);
  }
  const dir = mkdtempSync(join(tmpdir(), 'buzon-utf8-'));
  const path = join(dir, 'utf8.txt');
  try {
    if (encoding === 'utf-8') await writeCleanUtf8(file, path);
    else await transcodeToUtf8(file, encoding, path);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { path, cleaned, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
