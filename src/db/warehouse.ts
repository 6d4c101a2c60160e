import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { ConfigError, QueryError, errorMessage } from '../core/errors.ts';
import { applyMigrations } from './migrations.ts';
import { maskPhonesInText } from '../privacy/phone-masking.ts';

export type SqlParams = Record<string, DuckDBValue> | DuckDBValue[];
export type Row = Record<string, unknown>;

export interface OpenOptions {
  readOnly?: boolean;
  /** Skip migrations (used by tools that only inspect). */
  migrate?: boolean;
  /** How long to wait while another process holds the file (default `BUZON_LOCK_WAIT_MS` or 5000). */
  lockWaitMs?: number;
}

/** `BUZON_PROFILE=1` prints each statement's milliseconds to stderr: where a slow stage spends its time. */
const PROFILE = process.env.BUZON_PROFILE === '1';

function profileLine(sql: string, started: number): void {
  const ms = performance.now() - started;
  const head = sql.replace(/\s+/g, ' ').trim().slice(0, 110);
  process.stderr.write(`[sql ${ms.toFixed(0).padStart(6)} ms] ${head}\n`);
}

/** One open DuckDB warehouse: a file (or `:memory:`) and a connection with buzon's settings. */
export class Warehouse {
  private constructor(
    readonly path: string,
    readonly readOnly: boolean,
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  static async open(path: string, options: OpenOptions = {}): Promise<Warehouse> {
    const readOnly = options.readOnly ?? false;
    const instance = await createInstance(path, readOnly, options.lockWaitMs ?? defaultLockWaitMs());
    const connection = await instance.connect();
    const warehouse = new Warehouse(path, readOnly, instance, connection);
    await warehouse.run("SET TimeZone = 'UTC'");
    if (!readOnly && options.migrate !== false) await applyMigrations(warehouse);
    return warehouse;
  }

  async run(sql: string, params?: SqlParams): Promise<void> {
    const started = PROFILE ? performance.now() : 0;
    try {
      await this.connection.run(sql, params);
      if (PROFILE) profileLine(sql, started);
    } catch (error) {
      throw new QueryError(maskPhonesInText(errorMessage(error)), { sql }, { cause: error });
    }
  }

  /** Rows as plain JS objects; integers that fit are numbers, not bigints. */
  async all<T extends Row = Row>(sql: string, params?: SqlParams): Promise<T[]> {
    const started = PROFILE ? performance.now() : 0;
    try {
      const reader = await this.connection.runAndReadAll(sql, params);
      if (PROFILE) profileLine(sql, started);
      return reader.getRowObjectsJS().map((row) => plainRow(row) as T);
    } catch (error) {
      throw new QueryError(maskPhonesInText(errorMessage(error)), { sql }, { cause: error });
    }
  }

  async one<T extends Row = Row>(sql: string, params?: SqlParams): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async scalar<T = unknown>(sql: string, params?: SqlParams): Promise<T> {
    const row = await this.one(sql, params);
    return (row ? Object.values(row)[0] : undefined) as T;
  }

  /** Runs `work` in one transaction: everything or nothing. */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.run('BEGIN TRANSACTION');
    try {
      const result = await work();
      await this.run('COMMIT');
      return result;
    } catch (error) {
      await this.connection.run('ROLLBACK').catch(() => {});
      throw error;
    }
  }

  async checkpoint(): Promise<void> {
    if (this.path !== ':memory:') await this.run('CHECKPOINT');
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

export function plainValue(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (Array.isArray(value)) return value.map(plainValue);
  if (value && typeof value === 'object' && !(value instanceof Date) && !(value instanceof Uint8Array)) {
    return plainRow(value as Row);
  }
  return value;
}

function plainRow(row: Row): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) out[key] = plainValue(value);
  return out;
}

/**
 * DuckDB lets one process hold a file read-write, or several hold it read-only, never both: while an
 * import runs, other processes are refused the lock. They retry with backoff for a few seconds, then
 * say the warehouse is busy; they never read a half-written file.
 */
async function createInstance(path: string, readOnly: boolean, lockWaitMs: number): Promise<DuckDBInstance> {
  const deadline = Date.now() + lockWaitMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await DuckDBInstance.create(path, {
        access_mode: readOnly ? 'READ_ONLY' : 'READ_WRITE',
        // No network here: fail at once instead of trying to download extensions.
        autoinstall_known_extensions: 'false',
        autoload_known_extensions: 'false',
      });
    } catch (error) {
      const left = deadline - Date.now();
      if (!isLockError(error) || left <= 0) throw openError(path, error, lockWaitMs);
      await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** attempt, 1000, left)));
    }
  }
}

function defaultLockWaitMs(): number {
  const fromEnv = Number(process.env.BUZON_LOCK_WAIT_MS);
  return Number.isFinite(fromEnv) && fromEnv >= 0 && process.env.BUZON_LOCK_WAIT_MS !== '' ? fromEnv : 5000;
}

function isLockError(error: unknown): boolean {
  return /Could not set lock|Conflicting lock/i.test(errorMessage(error));
}

function openError(path: string, error: unknown, lockWaitMs = 0): Error {
  const message = errorMessage(error);
  if (/lock/i.test(message)) {
    const waited = lockWaitMs > 0 ? `; waited ${Math.round(lockWaitMs / 100) / 10} s` : '';
    return new ConfigError(
      `${path}: warehouse busy, retry when the other buzon process finishes (DuckDB allows one writer or several readers at a time${waited})`,
      { cause: error },
    );
  }
  if (/No such file|does not exist|Cannot open/i.test(message)) {
    return new ConfigError(`${path}: cannot open warehouse (${firstLine(message)})`, { cause: error });
  }
  return new ConfigError(`${path}: ${firstLine(message)}`, { cause: error });
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
