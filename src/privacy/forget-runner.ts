import { userInfo } from 'node:os';
import { InputError, errorMessage } from '../core/errors.ts';
import type { BuzonContext } from '../db/context.ts';
import { quoteIdent } from '../db/sql-identifiers.ts';
import { maskPhone, normalisePhone } from '../import/phone-normaliser.ts';
import { buildModels } from '../segment/sql-runner.ts';
import { compactWarehouse, type CompactResult } from './warehouse-compactor.ts';
import { mentionPattern } from './phone-forms.ts';

export interface ForgetOptions {
  /** Who asked (recorded in forget_log); default: the operating-system user. */
  who?: string;
  /** Re-run the SQL models so aggregates no longer count the person (default true). */
  rebuild?: boolean;
  modelsDir?: string;
  /**
   * Rewrite the warehouse file so the deleted bytes are gone (default true for a file). The open
   * warehouse then points at the old, unlinked file: close it right after.
   */
  compact?: boolean;
}

export interface ForgetSummary {
  senderKey: string;
  /** Whether anything about the person was in the warehouse. */
  found: boolean;
  messages: number;
  contacts: number;
  phones: number;
  otherRows: number;
  mentionsMasked: number;
  /** Rows deleted per table. */
  deleted: Record<string, number>;
  rebuiltModels: number;
  rebuildError?: string;
  compacted?: CompactResult;
}

/** Tables whose rows are never a person's data to delete or mask. */
const KEEP_TABLES = new Set(['forget_log', 'schema_version', 'settings', 'model_runs', 'import_batches']);
/** Identifier columns: hashes never hold a number written as text, and keys must not be rewritten. */
const KEY_COLUMNS = new Set(['sender_key', 'message_id', 'content_key']);

interface TableColumns {
  table: string;
  columns: { name: string; type: string }[];
}

/**
 * `buzon forget PHONE|SENDER_KEY`: deletes every row about one person (messages, contact, phone,
 * enrichment, labels, rejects, profile and segment membership: every table with their sender key or
 * one of their message ids), masks their number where other people typed it, records the deletion in
 * `forget_log` (sender key only), rebuilds the models and rewrites the file so no freed block keeps
 * the bytes.
 */
export async function forgetPerson(context: BuzonContext, target: string, options: ForgetOptions = {}): Promise<ForgetSummary> {
  const { warehouse, logger } = context;
  const { senderKey, e164 } = await resolveTarget(context, target);
  const tables = await baseTables(context);
  const deleted: Record<string, number> = {};
  let mentionsMasked = 0;

  await warehouse.transaction(async () => {
    await warehouse.run(
      'CREATE OR REPLACE TEMP TABLE forget_message_ids AS SELECT DISTINCT message_id FROM messages WHERE sender_key = $key',
      { key: senderKey },
    );
    for (const { table, columns } of tables) {
      const names = columns.map((c) => c.name);
      const conditions = [
        names.includes('sender_key') ? 'sender_key = $key' : undefined,
        names.includes('message_id') ? 'message_id IN (SELECT message_id FROM forget_message_ids)' : undefined,
      ].filter(Boolean);
      if (!conditions.length) continue;
      const where = conditions.join(' OR ');
      const params = where.includes('$key') ? { key: senderKey } : undefined;
      const count = await warehouse.scalar<number>(`SELECT count(*) FROM ${quoteIdent(table)} WHERE ${where}`, params);
      if (count > 0) {
        await warehouse.run(`DELETE FROM ${quoteIdent(table)} WHERE ${where}`, params);
        deleted[table] = count;
      }
    }
    if (e164) mentionsMasked = await maskMentions(context, tables, e164);
    await warehouse.run('DROP TABLE forget_message_ids');
    await warehouse.run(
      `INSERT INTO forget_log (sender_key, who, forgotten_at, messages, contacts, phones, other_rows, mentions_masked, details)
       VALUES ($key, $who, now(), $messages, $contacts, $phones, $other, $mentions, $details)`,
      { key: senderKey, who: options.who ?? currentUser(), messages: deleted.messages ?? 0, contacts: deleted.contacts ?? 0,
        phones: deleted.contact_phones ?? 0, other: otherCount(deleted), mentions: mentionsMasked, details: JSON.stringify(deleted) },
    );
  });

  const messages = deleted.messages ?? 0;
  const contacts = deleted.contacts ?? 0;
  const phones = deleted.contact_phones ?? 0;
  const otherRows = otherCount(deleted);
  const found = messages + contacts + phones + otherRows + mentionsMasked > 0;

  const summary: ForgetSummary = { senderKey, found, messages, contacts, phones, otherRows, mentionsMasked, deleted, rebuiltModels: 0 };
  if (found && options.rebuild !== false) {
    try {
      // Full: a masked mention changes no row count, which is all some input fingerprints look at.
      const results = await buildModels({ ...context, logger: quietLogger(logger) }, { modelsDir: options.modelsDir, full: true });
      summary.rebuiltModels = results.filter((r) => r.status === 'rebuilt').length;
    } catch (error) {
      summary.rebuildError = errorMessage(error).split('\n')[0];
      logger.warn(`aggregates not rebuilt (${summary.rebuildError}); run buzon build`);
    }
  }
  if (options.compact !== false) summary.compacted = await compactWarehouse(warehouse);
  return summary;
}

/** A sender key as given, or the key of a phone number; the number itself is never echoed. */
async function resolveTarget(context: BuzonContext, target: string): Promise<{ senderKey: string; e164?: string }> {
  const trimmed = target.trim();
  if (/^[0-9a-f]{32}$/i.test(trimmed)) {
    const senderKey = trimmed.toLowerCase();
    const e164 = await context.warehouse.scalar<string | undefined>(
      'SELECT e164 FROM contact_phones WHERE sender_key = $key', { key: senderKey });
    return { senderKey, e164 };
  }
  const phone = normalisePhone(trimmed);
  if (!phone.ok) {
    throw new InputError(`${maskPhone(trimmed)}: not a phone number (${phone.reason}) nor a 32-character sender key`);
  }
  return { senderKey: context.key.senderKey(phone.e164), e164: phone.e164 };
}

async function baseTables(context: BuzonContext): Promise<TableColumns[]> {
  const rows = await context.warehouse.all<{ table_name: string; column_name: string; data_type: string }>(`
    SELECT c.table_name, c.column_name, c.data_type
    FROM information_schema.columns c
    JOIN information_schema.tables t USING (table_catalog, table_schema, table_name)
    WHERE t.table_schema = 'main' AND t.table_type = 'BASE TABLE' AND t.table_catalog = current_database()
    ORDER BY c.table_name, c.ordinal_position`);
  const byTable = new Map<string, TableColumns>();
  for (const row of rows) {
    if (KEEP_TABLES.has(row.table_name)) continue;
    const entry = byTable.get(row.table_name) ?? { table: row.table_name, columns: [] };
    entry.columns.push({ name: row.column_name, type: row.data_type });
    byTable.set(row.table_name, entry);
  }
  return [...byTable.values()];
}

/**
 * Masks the person's number wherever someone else typed it (a message body, a system line, a
 * rejected row, an attribute): every text or JSON column of every table, keys and phones excepted.
 */
async function maskMentions(context: BuzonContext, tables: TableColumns[], e164: string): Promise<number> {
  const pattern = mentionPattern(e164);
  if (!pattern) return 0;
  const { warehouse } = context;
  const constrained = await constrainedColumns(context);
  const params = { pattern, mask: `\\1${maskPhone(e164)}\\2` };
  let masked = 0;
  for (const { table, columns } of tables) {
    if (table === 'contact_phones') continue;
    for (const column of columns) {
      if (KEY_COLUMNS.has(column.name) || constrained.has(`${table}.${column.name}`)) continue;
      if (column.type !== 'VARCHAR' && column.type !== 'JSON') continue;
      const ref = quoteIdent(column.name);
      const text = column.type === 'JSON' ? `${ref}::VARCHAR` : ref;
      const count = await warehouse.scalar<number>(
        `SELECT count(*) FROM ${quoteIdent(table)} WHERE regexp_matches(${text}, $pattern)`, { pattern });
      if (!count) continue;
      // Twice: two mentions separated by one character share it as their boundary.
      const replaced = `regexp_replace(regexp_replace(${text}, $pattern, $mask, 'g'), $pattern, $mask, 'g')`;
      await warehouse.run(
        `UPDATE ${quoteIdent(table)} SET ${ref} = ${column.type === 'JSON' ? `(${replaced})::JSON` : replaced}
         WHERE regexp_matches(${text}, $pattern)`,
        params,
      );
      masked += count;
    }
  }
  return masked;
}

/** Columns in a key or unique constraint: DuckDB cannot update them in place, and they hold no free text. */
async function constrainedColumns(context: BuzonContext): Promise<Set<string>> {
  const rows = await context.warehouse.all<{ table_name: string; column_name: string }>(`
    SELECT table_name, unnest(constraint_column_names) AS column_name
    FROM duckdb_constraints()
    WHERE database_name = current_database() AND schema_name = 'main' AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')`);
  return new Set(rows.map((r) => `${r.table_name}.${r.column_name}`));
}

function otherCount(deleted: Record<string, number>): number {
  return Object.entries(deleted)
    .filter(([table]) => !['messages', 'contacts', 'contact_phones'].includes(table))
    .reduce((sum, [, n]) => sum + n, 0);
}

function currentUser(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return process.env.USER || 'unknown';
  }
}

/** Model-by-model lines belong to `buzon build`; forget reports one summary instead. */
function quietLogger(logger: BuzonContext['logger']): BuzonContext['logger'] {
  return { ...logger, info: () => {} };
}
