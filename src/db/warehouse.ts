import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { ConfigError, QueryError, errorMessage } from '../core/errors.ts';
import { applyMigrations } from './migrations.ts';

export type SqlParams = Record<string, DuckDBValue> | DuckDBValue[];
export type Row = Record<string, unknown>;

export interface OpenOptions {
  readOnly?: boolean;
  /** Skip migrations (used by tools that only inspect). */
  migrate?: boolean;
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
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, {
        access_mode: readOnly ? 'READ_ONLY' : 'READ_WRITE',
        // No network here: fail at once instead of trying to download extensions.
        autoinstall_known_extensions: 'false',
        autoload_known_extensions: 'false',
      });
    } catch (error) {
      throw openError(path, error);
    }
    const connection = await instance.connect();
    const warehouse = new Warehouse(path, readOnly, instance, connection);
    await warehouse.run("SET TimeZone = 'UTC'");
    if (!readOnly && options.migrate !== false) await applyMigrations(warehouse);
    return warehouse;
  }

  async run(sql: string, params?: SqlParams): Promise<void> {
    try {
      await this.connection.run(sql, params);
    } catch (error) {
      throw new QueryError(errorMessage(error), { sql }, { cause: error });
    }
  }

  /** Rows as plain JS objects; integers that fit are numbers, not bigints. */
  async all<T extends Row = Row>(sql: string, params?: SqlParams): Promise<T[]> {
    try {
      const reader = await this.connection.runAndReadAll(sql, params);
      return reader.getRowObjectsJS().map((row) => plainRow(row) as T);
    } catch (error) {
      throw new QueryError(errorMessage(error), { sql }, { cause: error });
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

function openError(path: string, error: unknown): Error {
  const message = errorMessage(error);
  if (/lock/i.test(message)) {
    return new ConfigError(`${path}: warehouse busy (another buzon process is writing to it); retry when it finishes`, { cause: error });
  }
  if (/No such file|does not exist|Cannot open/i.test(message)) {
    return new ConfigError(`${path}: cannot open warehouse (${firstLine(message)})`, { cause: error });
  }
  return new ConfigError(`${path}: ${firstLine(message)}`, { cause: error });
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
