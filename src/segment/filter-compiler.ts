import type { DuckDBValue } from '@duckdb/node-api';
import { UsageError } from '../core/errors.ts';
import { parseFilter, type FilterNode, type FilterValue } from './filter-parser.ts';

export type FilterColumnType = 'text' | 'number' | 'timestamp' | 'list';

/** A column a filter may name: the SQL expression it stands for (written by buzon, never by the user). */
export interface FilterColumn {
  sql: string;
  type: FilterColumnType;
  description: string;
  /** Turns what a user wrote into the stored value (e.g. 'Nuevo León' into 'MX-NLE'); may throw a UsageError. */
  normalise?: (value: string) => string;
}

export type FilterColumns = Record<string, FilterColumn>;

export interface CompiledFilter {
  /** A boolean SQL expression over the columns' SQL; every value is a `$f<n>` parameter. */
  sql: string;
  params: Record<string, DuckDBValue>;
}

export interface CompileOptions {
  /** Zone for timestamps written without an offset ('2026-09-15 08:00'). */
  timeZone?: string;
  /** Prefix of parameter names, so two compiled filters can share a statement. */
  paramPrefix?: string;
}

const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?<zone>Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Parses and compiles a `--where` text against an allow-list of columns. */
export function compileWhere(text: string, columns: FilterColumns, options: CompileOptions = {}): CompiledFilter {
  return compileFilter(parseFilter(text), columns, options);
}

export function compileFilter(node: FilterNode, columns: FilterColumns, options: CompileOptions = {}): CompiledFilter {
  const params: Record<string, DuckDBValue> = {};
  const prefix = options.paramPrefix ?? 'f';
  let count = 0;
  const bind = (value: DuckDBValue): string => {
    const name = `${prefix}${++count}`;
    params[name] = value;
    return `$${name}`;
  };
  const column = (name: string): FilterColumn => {
    const found = columns[name];
    if (!found) throw new UsageError(`--where: unknown column "${name}"; allowed: ${Object.keys(columns).join(', ')}`);
    return found;
  };
  const operand = (name: string, col: FilterColumn, value: FilterValue): string => {
    switch (col.type) {
      case 'number': {
        const n = typeof value === 'number' ? value : Number(value);
        if (!Number.isFinite(n) || (typeof value === 'string' && value.trim() === '')) {
          throw new UsageError(`--where: ${name} is a number, not '${value}'`);
        }
        return bind(n);
      }
      case 'timestamp': {
        const match = TIMESTAMP_TEXT.exec(String(value));
        if (!match) throw new UsageError(`--where: ${name} takes a date or time like '2026-09-15' or '2026-09-15 18:30', not ${typeof value === 'string' ? `'${value}'` : value}`);
        if (match.groups?.zone) return `CAST(${bind(String(value))} AS TIMESTAMPTZ)`;
        return `timezone(${bind(options.timeZone ?? 'UTC')}, CAST(${bind(String(value))} AS TIMESTAMP))`;
      }
      default: {
        const text = String(value);
        return bind(col.normalise ? col.normalise(text) : text);
      }
    }
  };
  const compile = (n: FilterNode): string => {
    switch (n.kind) {
      case 'and':
      case 'or':
        return `(${compile(n.left)} ${n.kind.toUpperCase()} ${compile(n.right)})`;
      case 'not':
        return `(NOT coalesce(${compile(n.operand)}, false))`;
      case 'null': {
        const col = column(n.column);
        const empty = col.type === 'list' ? `(${col.sql} IS NULL OR len(${col.sql}) = 0)` : `${col.sql} IS NULL`;
        return n.negated ? `(NOT ${empty})` : empty;
      }
      case 'like': {
        const col = column(n.column);
        if (col.type === 'number' || col.type === 'timestamp') throw new UsageError(`--where: like works on text columns; ${n.column} is a ${col.type}`);
        const pattern = bind(n.pattern);
        const match = col.type === 'list' ? `list_bool_or(list_transform(${col.sql}, x -> x LIKE ${pattern}))` : `${col.sql} LIKE ${pattern}`;
        return n.negated ? `(NOT coalesce(${match}, false))` : `coalesce(${match}, false)`;
      }
      case 'in': {
        const col = column(n.column);
        const values = n.values.map((v) => operand(n.column, col, v));
        const match = col.type === 'list'
          ? `list_has_any(${col.sql}, [${values.join(', ')}])`
          : `${col.sql} IN (${values.join(', ')})`;
        return n.negated ? `(NOT coalesce(${match}, false))` : `coalesce(${match}, false)`;
      }
      case 'compare': {
        const col = column(n.column);
        const value = operand(n.column, col, n.value);
        if (col.type === 'list') {
          if (n.op !== '=' && n.op !== '!=') throw new UsageError(`--where: ${n.column} holds several values; compare it with = != or in (...)`);
          const has = `coalesce(list_contains(${col.sql}, ${value}), false)`;
          return n.op === '=' ? has : `(NOT ${has})`;
        }
        // != keeps rows where the column is empty: "not in Nuevo León" includes the unknown.
        if (n.op === '!=') return `(${col.sql} IS DISTINCT FROM ${value})`;
        return `coalesce(${col.sql} ${n.op} ${value}, false)`;
      }
    }
  };
  return { sql: compile(node), params };
}
