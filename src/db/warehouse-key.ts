import { createHash, createHmac, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { ConfigError } from '../core/errors.ts';

const KEY_BYTES = 32;
const BLOCK = 64;

/** The per-warehouse secret under which sender keys are derived. Never stored inside the DuckDB file. */
export class WarehouseKey {
  constructor(private readonly secret: Buffer) {
    if (secret.length !== KEY_BYTES) throw new ConfigError(`warehouse key must be ${KEY_BYTES} bytes`);
  }

  static random(): WarehouseKey {
    return new WarehouseKey(randomBytes(KEY_BYTES));
  }

  /** A sender key: hex of HMAC-SHA256(secret, E.164), truncated to 128 bits. */
  senderKey(e164: string): string {
    return createHmac('sha256', this.secret).update(e164, 'utf8').digest('hex').slice(0, 32);
  }

  /** Identifies the key without revealing it; stored in `settings` to catch a wrong key file. */
  fingerprint(): string {
    return createHmac('sha256', this.secret).update('buzon-key-fingerprint').digest('hex').slice(0, 16);
  }

  /**
   * Parameters for {@link senderKeySql}: HMAC's inner and outer padded keys, so DuckDB computes
   * sender keys set-based with `sha256` instead of a JS loop per row.
   */
  sqlParams(): { hmac_ipad: string; hmac_opad: string } {
    const block = Buffer.alloc(BLOCK);
    this.secret.copy(block);
    const ipad = Buffer.from(block.map((b) => b ^ 0x36));
    const opad = Buffer.from(block.map((b) => b ^ 0x5c));
    return { hmac_ipad: ipad.toString('hex'), hmac_opad: opad.toString('hex') };
  }

  toHex(): string {
    return this.secret.toString('hex');
  }
}

/** SQL for the sender key of a VARCHAR expression holding an E.164 number; binds `$hmac_ipad`, `$hmac_opad`. */
export function senderKeySql(e164Expr: string): string {
  return `substr(sha256(unhex($hmac_opad) || unhex(sha256(unhex($hmac_ipad) || encode(${e164Expr})))), 1, 32)`;
}

/** Where the key of a warehouse lives: `BUZON_KEY_FILE`, else `<warehouse>.key` beside it. */
export function defaultKeyPath(dbPath: string): string {
  return process.env.BUZON_KEY_FILE || `${dbPath}.key`;
}

export function loadKey(path: string): WarehouseKey {
  if (!existsSync(path)) throw new ConfigError(`${path}: warehouse key file not found`);
  const mode = statSync(path).mode & 0o777;
  if (mode & 0o077) throw new ConfigError(`${path}: warehouse key file is readable by others (mode ${mode.toString(8)}); run chmod 600 ${path}`);
  const hex = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new ConfigError(`${path}: not a buzon warehouse key (expected 64 hex digits)`);
  return new WarehouseKey(Buffer.from(hex, 'hex'));
}

/** Loads the key, creating it (mode 0600) on first use. */
export function loadOrCreateKey(path: string): { key: WarehouseKey; created: boolean } {
  if (existsSync(path)) return { key: loadKey(path), created: false };
  const key = WarehouseKey.random();
  // Written beside, then linked into place: a process killed midway never leaves an empty key
  // file, and link() refuses to replace a key another process created meanwhile.
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, `${key.toHex()}\n`, { mode: 0o600, flag: 'w' });
  try {
    fsyncFile(partial);
    linkSync(partial, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { key: loadKey(path), created: false };
    throw error;
  } finally {
    rmSync(partial, { force: true });
  }
  return { key, created: true };
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
