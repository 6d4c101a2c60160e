/** Buffered synchronous file output and CSV quoting for the generator. */
import { closeSync, openSync, writeSync } from 'node:fs';

const BUFFER_BYTES = 4 << 20;
const PENDING_CHARS = 16 << 10;
const encoder = new TextEncoder();

/**
 * Appends strings to a file through a 4 MiB byte buffer. Each string is UTF-8 encoded into the
 * buffer at once (no long-lived string ropes for the garbage collector to promote).
 */
export class ChunkWriter {
  private fd: number | null;
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  /** Small string batch: a few hundred rows are encoded together. */
  private pending = '';

  /** `ascii`: every string written is 7-bit ASCII (copied with latin1Write, no UTF-8 encoding). */
  constructor(readonly path: string, private readonly ascii = false) {
    this.fd = openSync(path, 'w');
  }

  write(text: string): void {
    this.pending += text;
    if (this.pending.length > PENDING_CHARS) this.encodePending();
  }

  private encodePending(): void {
    const text = this.pending;
    this.pending = '';
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (this.used + text.length * 3 > BUFFER_BYTES) {
      this.flushBytes();
      if (text.length * 3 > BUFFER_BYTES) {
        writeSync(this.fd as number, text);
        return;
      }
    }
    this.used += this.ascii
      ? this.buffer.write(text, this.used, 'latin1')
      : encoder.encodeInto(text, this.buffer.subarray(this.used)).written;
  }

  private flushBytes(): void {
    if (this.used > 0 && this.fd !== null) {
      let off = 0;
      while (off < this.used) off += writeSync(this.fd, this.buffer, off, this.used - off);
      this.used = 0;
    }
  }

  flush(): void {
    if (this.pending) this.encodePending();
    this.flushBytes();
  }

  /** Close without writing what is still buffered (after an error). */
  abort(): void {
    this.pending = '';
    this.used = 0;
    this.close();
  }

  close(): void {
    this.flush();
    if (this.fd !== null) {
      closeSync(this.fd);
      this.fd = null;
    }
  }
}

/** One RFC 4180 field: quoted when it holds a quote, comma, line break or edge whitespace. */
export function csvField(value: string): string {
  const n = value.length;
  if (n === 0) return value;
  let quote = value.charCodeAt(0) <= 32 || value.charCodeAt(n - 1) <= 32;
  let hasQuote = false;
  for (let i = 0; i < n && !hasQuote; i++) {
    const c = value.charCodeAt(i);
    if (c === 44 || c === 10 || c === 13) quote = true;
    else if (c === 34) hasQuote = quote = true;
  }
  if (!quote) return value;
  return `"${hasQuote ? value.replace(QUOTE, '""') : value}"`;
}

const QUOTE = /"/g;
