import { StatementType, type DuckDBPreparedStatement, type DuckDBResult, type DuckDBType } from '@duckdb/node-api';
import { BuzonError, QueryError, UsageError, errorMessage } from '../core/errors.ts';
import { maskPhonesInText } from '../privacy/phone-masking.ts';
import type { BuzonContext } from '../db/context.ts';
import { quoteLiteral } from '../db/sql-identifiers.ts';
import type { QueryResult } from './result-format.ts';
import { scriptStatements } from './sql-statements.ts';

/** Values for `$name` placeholders, always bound as VARCHAR (cast in SQL: `$n::INTEGER`), never pasted. */
export type QueryParams = Record<string, string>;

/** `--param name=value` pairs; the value is everything after the first `=`, quotes and `;` included. */
export function parseParams(pairs: readonly string[] = []): QueryParams {
  const params: QueryParams = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const name = eq > 0 ? pair.slice(0, eq) : '';
    if (!/^(?:[A-Za-z_][A-Za-z0-9_]*|\d+)$/.test(name)) {
      throw new UsageError(`--param expects name=value with a name like since or issue_key, got "${pair}"`);
    }
    params[name] = pair.slice(eq + 1);
  }
  return params;
}

/**
 * Runs every statement of `sql` but the last, then streams the last one's rows. A script may set
 * things up first (`CREATE TEMP TABLE x AS ...; SELECT ... FROM x`), each statement bound in turn.
 */
export async function streamQuery(
  context: BuzonContext, sql: string, params: QueryParams = {}, options: RunOptions = {},
): Promise<DuckDBResult> {
  const { last } = await runLeadingStatements(context, sql, params, options);
  try {
    return await last.prepared.stream();
  } catch (error) {
    throw queryError(error, last.sql);
  }
}

/**
 * Like streamQuery, but when the last statement is a SELECT every column comes back as DuckDB's
 * own text (`CAST(COLUMNS(*) AS VARCHAR)`), which is far cheaper than converting values in JS;
 * `types` are still the query's real column types (a table aligns numbers by them).
 */
export async function streamQueryText(
  context: BuzonContext, sql: string, params: QueryParams = {}, options: RunOptions = {},
): Promise<{ result: DuckDBResult; types: DuckDBType[] }> {
  const { last, used } = await runLeadingStatements(context, sql, params, options);
  const original = last.prepared;
  if (original.statementType === StatementType.SELECT) {
    const types = preparedColumnTypes(original);
    let wrapped: DuckDBPreparedStatement | undefined;
    try {
      wrapped = await prepareBound(context, `SELECT CAST(COLUMNS(*) AS VARCHAR) FROM (\n${last.sql}\n)`, params, new Set(used));
    } catch {
      wrapped = undefined; // not wrappable after all (e.g. DESCRIBE): fall back to the plain result
    }
    if (wrapped) {
      original.destroySync();
      try {
        const result = await wrapped.stream();
        return { result, types: types ?? result.columnTypes() };
      } catch (error) {
        throw queryError(error, last.sql);
      }
    }
  }
  try {
    const result = await original.stream();
    return { result, types: result.columnTypes() };
  } catch (error) {
    throw queryError(error, last.sql);
  }
}

/** Runs a query and reads every row (small results: REPL, tests, reports). */
export async function runQuery(context: BuzonContext, sql: string, params: QueryParams = {}): Promise<QueryResult> {
  const result = await streamQuery(context, sql, params);
  try {
    const rows = (await result.getRowsJS()) as unknown[][];
    return { columns: result.deduplicatedColumnNames(), rows };
  } catch (error) {
    throw queryError(error, sql);
  }
}

export interface RunOptions {
  /** Params the SQL does not use are fine (the REPL keeps a set for many queries). */
  allowUnusedParams?: boolean;
}

export type CopyFormat = 'parquet' | 'csv';

/**
 * Writes the last statement's rows to a file with DuckDB's own COPY, its parameters bound inside
 * the COPY; returns the rows written.
 */
export async function copyQueryToFile(
  context: BuzonContext, sql: string, params: QueryParams, file: string, format: CopyFormat = 'parquet',
): Promise<number> {
  const { last, used } = await runLeadingStatements(context, sql, params);
  if (last.prepared.statementType !== StatementType.SELECT) {
    last.prepared.destroySync();
    throw new UsageError(`--format ${format} writes the rows of a query: the last statement must be a SELECT`);
  }
  last.prepared.destroySync();
  const copySql = `COPY (\n${last.sql}\n) TO ${quoteLiteral(file)} (FORMAT ${format === 'parquet' ? 'parquet' : 'csv, HEADER true'})`;
  const copy = await prepareBound(context, copySql, params, used);
  try {
    const result = await copy.run();
    const rows = await result.getRowsJS();
    return Number(rows[0]?.[0] ?? 0);
  } catch (error) {
    throw queryError(error, last.sql);
  }
}

/** Column types known before running; undefined when one depends on a parameter's type (`SELECT $v`). */
function preparedColumnTypes(prepared: DuckDBPreparedStatement): DuckDBType[] | undefined {
  try {
    return Array.from({ length: prepared.columnCount }, (_, i) => prepared.columnType(i));
  } catch {
    return undefined;
  }
}

interface PreparedText {
  sql: string;
  prepared: DuckDBPreparedStatement;
}

async function runLeadingStatements(
  context: BuzonContext, sql: string, params: QueryParams, options: RunOptions = {},
): Promise<{ last: PreparedText; used: Set<string> }> {
  const statements = scriptStatements(sql);
  if (statements.length === 0) throw new UsageError('no SQL to run (the query is empty)');
  const used = new Set<string>();
  for (const text of statements.slice(0, -1)) {
    const prepared = await prepareBound(context, text, params, used);
    try {
      await prepared.run();
    } catch (error) {
      throw queryError(error, text);
    } finally {
      prepared.destroySync();
    }
  }
  const lastSql = statements.at(-1)!;
  const prepared = await prepareBound(context, lastSql, params, used);
  const unused = Object.keys(params).filter((name) => !used.has(name));
  if (unused.length && !options.allowUnusedParams) {
    prepared.destroySync();
    throw new UsageError(`--param ${unused.join(', ')}: the query has no $${unused[0]} placeholder`);
  }
  return { last: { sql: lastSql, prepared }, used };
}

async function prepareBound(context: BuzonContext, sql: string, params: QueryParams, used: Set<string>): Promise<DuckDBPreparedStatement> {
  let prepared: DuckDBPreparedStatement;
  try {
    prepared = await context.warehouse.connection.prepare(sql);
  } catch (error) {
    throw queryError(error, sql);
  }
  for (let index = 1; index <= prepared.parameterCount; index++) {
    const name = prepared.parameterName(index);
    const value = params[name];
    if (value === undefined) {
      prepared.destroySync();
      throw new UsageError(`the query uses $${name}: pass --param ${name}=VALUE`);
    }
    prepared.bindVarchar(index, value);
    used.add(name);
  }
  return prepared;
}

/** DuckDB's message, first line only, phone numbers masked; a write refused by a read-only warehouse says how to allow it. */
export function queryError(error: unknown, sql: string): BuzonError {
  if (error instanceof BuzonError) return error;
  const message = errorMessage(error);
  const readOnly = /Cannot execute statement of type "([A-Z_ ]+)".*read-only/i.exec(message);
  if (readOnly || /read-only mode|attached in read-only/i.test(message)) {
    const kind = readOnly?.[1] ?? 'this';
    return new QueryError(
      `refused: the warehouse is open read-only and this ${kind} statement would change it (run again with --write to allow changes)`,
      { sql }, { cause: error });
  }
  // An analyst's literal can be a phone number, and errors end up in terminals and logs.
  return new QueryError(maskPhonesInText(message.split('\n')[0]!), { sql }, { cause: error });
}
