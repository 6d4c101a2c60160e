import { openSync, readSync, closeSync } from 'node:fs';

export type Encoding = 'utf-8' | 'utf-16' | 'latin-1';

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
  return isValidUtf8(trimPartialCodepoint(head)) ? 'utf-8' : 'latin-1';
}

/** Decodes a sniffed head to text for format detection. */
export function decodeHead(head: Buffer, encoding = detectEncoding(head)): string {
  if (encoding === 'latin-1') return head.toString('latin1');
  if (encoding === 'utf-16') {
    const bigEndian = head[0] === 0xfe;
    const body = Buffer.from(head.subarray(2, head.length - (head.length % 2)));
    if (bigEndian) body.swap16();
    return body.toString('utf16le');
  }
  return new TextDecoder('utf-8').decode(head).replace(/^\uFEFF/, '');
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
