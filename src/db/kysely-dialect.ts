import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { listValue, timestampTZValue } from '@duckdb/node-api';
import {
  Kysely, PostgresAdapter, PostgresQueryCompiler, sql,
  type CompiledQuery, type DatabaseConnection, type DatabaseIntrospector, type DatabaseMetadata, type Dialect,
  type Driver, type QueryResult, type SchemaMetadata, type TableMetadata,
} from 'kysely';
import { plainValue, type Warehouse } from './warehouse.ts';

/**
 * A Kysely dialect over @duckdb/node-api (the published kysely-duckdb does not load with this
 * Kysely and mis-binds Date). DuckDB speaks Postgres' `$1` placeholders and quoting, so the
 * Postgres compiler and adapter serve; the driver runs on the warehouse's own connection.
 */
export class DuckDBDialect implements Dialect {
  constructor(private readonly connection: DuckDBConnection) {}
  createDriver(): Driver { return new DuckDBDriver(this.connection); }
  createQueryCompiler() { return new PostgresQueryCompiler(); }
  createAdapter() { return new PostgresAdapter(); }
  createIntrospector(db: Kysely<any>): DatabaseIntrospector { return new DuckDBIntrospector(db); }
}

/** A typed query builder on an open warehouse; closing the warehouse is still the caller's job. */
export function kyselyFor<DB>(warehouse: Warehouse): Kysely<DB> {
  return new Kysely<DB>({ dialect: new DuckDBDialect(warehouse.connection) });
}

class DuckDBDriver implements Driver {
  private readonly conn: DuckDBDatabaseConnection;
  constructor(connection: DuckDBConnection) { this.conn = new DuckDBDatabaseConnection(connection); }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> { return this.conn; }
  async beginTransaction(c: DatabaseConnection): Promise<void> { await c.executeQuery(rawQuery('BEGIN TRANSACTION')); }
  async commitTransaction(c: DatabaseConnection): Promise<void> { await c.executeQuery(rawQuery('COMMIT')); }
  async rollbackTransaction(c: DatabaseConnection): Promise<void> { await c.executeQuery(rawQuery('ROLLBACK')); }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}

class DuckDBDatabaseConnection implements DatabaseConnection {
  constructor(private readonly connection: DuckDBConnection) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const reader = await this.connection.runAndReadAll(query.sql, query.parameters.map(bindValue));
    const rows = reader.getRowObjectsJS().map((row) => plainValue(row) as R);
    const changed = reader.columnNames().length === 1 && reader.columnNames()[0] === 'Count' && query.query.kind !== 'SelectQueryNode'
      ? BigInt(rows[0] ? Number(Object.values(rows[0] as object)[0]) : 0) : undefined;
    return { rows, numAffectedRows: changed };
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const result = await this.connection.stream(query.sql, query.parameters.map(bindValue));
    for await (const rows of result.yieldRowObjectJs()) yield { rows: rows.map((row) => plainValue(row) as R) };
  }
}

/** JS values as DuckDB values: a Date is an instant (TIMESTAMPTZ), an array a list. */
function bindValue(value: unknown): DuckDBValue {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return timestampTZValue(BigInt(value.getTime()) * 1000n);
  if (Array.isArray(value)) return listValue(value.map(bindValue));
  return value as DuckDBValue;
}

function rawQuery(text: string): CompiledQuery {
  return { sql: text, parameters: [], query: { kind: 'RawNode', sqlFragments: [text], parameters: [] } } as unknown as CompiledQuery;
}

/** Tables, views and columns from information_schema (the Postgres introspector needs pg_catalog functions DuckDB lacks). */
class DuckDBIntrospector implements DatabaseIntrospector {
  constructor(private readonly db: Kysely<any>) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<{ name: string }>`SELECT DISTINCT schema_name AS name FROM information_schema.schemata`.execute(this.db);
    return rows;
  }

  async getTables(): Promise<TableMetadata[]> {
    const { rows } = await sql<{ table_name: string; table_type: string; column_name: string; data_type: string; is_nullable: string; column_default: string | null }>`
      SELECT t.table_name, t.table_type, c.column_name, c.data_type, c.is_nullable, c.column_default
      FROM information_schema.tables t
      JOIN information_schema.columns c ON c.table_schema = t.table_schema AND c.table_name = t.table_name
      WHERE t.table_schema = 'main' AND t.table_catalog = current_database()
      ORDER BY t.table_name, c.ordinal_position`.execute(this.db);
    const tables = new Map<string, TableMetadata & { columns: TableMetadata['columns'][number][] }>();
    for (const row of rows) {
      let table = tables.get(row.table_name);
      if (!table) {
        table = { name: row.table_name, schema: 'main', isView: row.table_type === 'VIEW', columns: [] };
        tables.set(row.table_name, table);
      }
      table.columns.push({
        name: row.column_name, dataType: row.data_type, isNullable: row.is_nullable === 'YES',
        hasDefaultValue: row.column_default !== null, isAutoIncrementing: false,
      });
    }
    return [...tables.values()];
  }

  async getMetadata(): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() };
  }
}
