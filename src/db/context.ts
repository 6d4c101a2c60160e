import { existsSync } from 'node:fs';
import { ConfigError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { Warehouse } from './warehouse.ts';
import { WarehouseKey, defaultKeyPath, loadKey, loadOrCreateKey } from './warehouse-key.ts';

/** What every command works with: the open warehouse, its secret key and where to report. */
export interface BuzonContext {
  warehouse: Warehouse;
  key: WarehouseKey;
  logger: Logger;
}

export interface OpenContextOptions {
  db: string;
  logger: Logger;
  keyFile?: string;
  readOnly?: boolean;
  /** A key to use instead of a key file (tests and `:memory:` warehouses). */
  key?: WarehouseKey;
}

export async function openContext(options: OpenContextOptions): Promise<BuzonContext> {
  const warehouse = await Warehouse.open(options.db, { readOnly: options.readOnly });
  try {
    const stored = await storedFingerprint(warehouse);
    const key = options.key ?? resolveKey(options, stored !== undefined);
    await checkKeyFingerprint(warehouse, key, stored);
    return { warehouse, key, logger: options.logger };
  } catch (error) {
    warehouse.close();
    throw error;
  }
}

function resolveKey(options: OpenContextOptions, warehouseHasKey: boolean): WarehouseKey {
  if (options.db === ':memory:') return WarehouseKey.random();
  const path = options.keyFile ?? defaultKeyPath(options.db);
  if (options.readOnly) {
    try {
      return loadKey(path);
    } catch {
      // Read-only work (queries, reports) never needs to derive a sender key.
      return WarehouseKey.random();
    }
  }
  // A new key for a warehouse that already has one would split every sender in two: refuse instead.
  if (warehouseHasKey && !existsSync(path)) {
    throw new ConfigError(`${path}: warehouse key file not found (this warehouse already has a key; pass --key-file or set BUZON_KEY_FILE)`);
  }
  const { key, created } = loadOrCreateKey(path);
  if (created) options.logger.info(`created warehouse key ${path} (mode 0600): keep it safe, sender keys depend on it`);
  return key;
}

/** A warehouse remembers its key's fingerprint, so a wrong key file cannot silently split every sender in two. */
async function checkKeyFingerprint(warehouse: Warehouse, key: WarehouseKey, stored: string | undefined): Promise<void> {
  if (stored === undefined) {
    if (!warehouse.readOnly) {
      await warehouse.run("INSERT INTO settings VALUES ('key_fingerprint', $fp)", { fp: key.fingerprint() });
    }
    return;
  }
  if (stored !== key.fingerprint() && !warehouse.readOnly) {
    throw new ConfigError(`${warehouse.path}: the warehouse key file does not belong to this warehouse (fingerprint mismatch)`);
  }
}

/** Whether the context's key is the warehouse's own (read-only contexts may run without it). */
export async function hasWarehouseKey(context: BuzonContext): Promise<boolean> {
  return (await storedFingerprint(context.warehouse)) === context.key.fingerprint();
}

function storedFingerprint(warehouse: Warehouse): Promise<string | undefined> {
  return warehouse.scalar<string | undefined>("SELECT value FROM settings WHERE key = 'key_fingerprint'");
}
