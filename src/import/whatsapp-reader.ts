import { statSync } from 'node:fs';
import { DOUBLE, DuckDBDataChunk, INTEGER, VARCHAR } from '@duckdb/node-api';
import { UsageError } from '../core/errors.ts';
import type { BuzonContext } from '../db/context.ts';
import { quoteLiteral } from '../db/sql-identifiers.ts';
import { readTextChunks } from './file-encoding.ts';
import type { FormatReader, ReadOptions } from './format-reader.ts';
import {
  WhatsAppParser, decideDateOrder, looksLikeWhatsApp, type DateOrder, type MediaKind, type SystemKind, type WhatsAppEntry,
} from './whatsapp-parser.ts';

const SYSTEM_CODES: (SystemKind | null)[] = [null, 'encryption', 'security_code', 'membership', 'group_change', 'deleted', 'call', 'other'];
const MEDIA_CODES: (MediaKind | null)[] = [null, 'image', 'audio', 'video', 'document', 'sticker', 'location', 'contacts', 'other'];
const SYSTEM_INDEX = new Map(SYSTEM_CODES.map((k, i) => [k, i]));
const MEDIA_INDEX = new Map(MEDIA_CODES.map((k, i) => [k, i]));
const CHUNK_ROWS = 2048;
const ENTRY_TYPES = [INTEGER, DOUBLE, INTEGER, INTEGER, VARCHAR, VARCHAR];
/** An author written as a number rather than a saved name. */
const NUMBER_AUTHOR = /^\+?\d[\d ()\-.]{6,}$/;
/** Header names of a contact sheet's name column (kept in contacts.attributes by the contacts importer). */
export const NAME_COLUMNS = ['name', 'nombre', 'nombre_completo', 'nombre completo', 'full_name', 'contact_name', 'contacto', 'contact'];

export interface WhatsAppReadOptions extends ReadOptions {
  /** Forces the date order instead of deciding it from the data. */
  dateOrder?: DateOrder;
  /** The account owner's name as it appears as author: their lines are `out`. */
  owner?: string;
  /** Owner guessed across the files of one import (the author present in every conversation). */
  ownerGuess?: string;
  /** The conversation's name from the file or zip name ("WhatsApp Chat with X"). */
  chatName?: string;
}

export const whatsAppReader: FormatReader = {
  format: 'whatsapp',
  reportsProgress: true,
  detect: (headText) => looksLikeWhatsApp(headText),
  stage: (context, file, options) => stageWhatsApp(context, file, options as WhatsAppReadOptions),
};

async function stageWhatsApp(context: BuzonContext, file: string, options: WhatsAppReadOptions) {
  const { warehouse } = context;
  if (options.dateOrder && !['dmy', 'mdy', 'ymd'].includes(options.dateOrder)) throw new UsageError(`--date-order must be dmy, mdy or ymd`);
  const parsed = await loadEntries(context, file, options);
  const order = options.dateOrder ?? decideDateOrder(parsed.evidence);

  const authors = await warehouse.all<{ author: string; n: number }>(
    'SELECT author, count(*) AS n FROM wa_entries WHERE author IS NOT NULL AND code & 15 = 0 GROUP BY author ORDER BY n DESC, author');
  const owner = await chooseOwner(context, authors.map((a) => a.author), parsed.ownerHints, options);
  const others = authors.map((a) => a.author).filter((a) => a !== owner.name);
  const group = others.length > 1;
  const chatLabel = options.chatName ?? options.displayName;
  if (!owner.name) {
    context.logger.warn(`${options.displayName}: the account owner is not known, so every line is read as inbound; pass --owner NAME`);
  }
  await loadContactNames(context);

  const timeParams = { tz: options.tz, order, owner: owner.name ?? null, counterpart: group ? null : (others[0] ?? null) };
  const chatParams = { group_label: `grupo: ${chatLabel}`, chat: group ? chatLabel : null };
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE wa_resolved AS
    WITH parts AS (
      SELECT *, CAST(d AS BIGINT) // 1000000 AS f1, (CAST(d AS BIGINT) // 10000) % 100 AS f2, CAST(d AS BIGINT) % 10000 AS f3,
             ($order = 'ymd' OR CAST(d AS BIGINT) // 1000000 > 31) AS year_first
      FROM wa_entries
    ), local AS (
      SELECT *, try(make_timestamp(
               CAST(CASE WHEN year_first THEN f1 ELSE f3 END + CASE WHEN (CASE WHEN year_first THEN f1 ELSE f3 END) < 100 THEN 2000 ELSE 0 END AS BIGINT),
               CAST(CASE WHEN year_first OR $order = 'dmy' THEN f2 ELSE f1 END AS BIGINT),
               CAST(CASE WHEN year_first THEN f3 WHEN $order = 'dmy' THEN f1 ELSE f2 END AS BIGINT),
               CAST(t // 10000 AS BIGINT), CAST((t // 100) % 100 AS BIGINT), CAST(t % 100 AS DOUBLE))) AS local_time
      FROM parts
    ), instants AS (
      SELECT *, timezone($tz, local_time) AS instant,
             author IS NOT NULL AND author = $owner AS is_out
      FROM local
    )
    SELECT *, CASE WHEN NOT is_out THEN author
                   WHEN $counterpart IS NOT NULL THEN $counterpart
                   -- In a group (or several chats in one file) the owner answers the last citizen who wrote.
                   ELSE ${group ? `last_value(CASE WHEN NOT is_out AND code & 15 = 0 THEN author END IGNORE NULLS)
                          OVER (ORDER BY line ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)` : 'NULL'} END AS who,
           CASE WHEN local_time IS NULL THEN 'date or time is not valid when read as ' || upper($order) || ' (use --date-order to force another order)'
                WHEN instant < TIMESTAMPTZ '2000-01-01 00:00:00+00' THEN 'sent_at before 2000'
                WHEN instant > now() + INTERVAL 1 DAY THEN 'sent_at in the future' END AS time_problem
    FROM instants`,
    timeParams,
  );
  await warehouse.run('DROP TABLE wa_entries');
  // Who each distinct author is (a number, a name a contact sheet resolves, or a bare name): decided
  // once per author, then joined to the rows.
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE wa_authors AS
    SELECT a.who, regexp_matches(a.who, ${quoteLiteral(NUMBER_AUTHOR.source)}) AS is_number, n.e164
    FROM (SELECT DISTINCT who FROM wa_resolved WHERE who IS NOT NULL) a
    LEFT JOIN wa_names n ON n.name = strip_accents(lower(trim(a.who)))`);
  await warehouse.run(`
    INSERT INTO stage_messages
    SELECT line, NULL,
           CASE WHEN a.is_number THEN r.who ELSE a.e164 END,
           CASE WHEN r.who IS NULL THEN $group_label WHEN NOT a.is_number AND a.e164 IS NULL THEN r.who END,
           CASE WHEN NOT a.is_number THEN r.who END,
           CASE WHEN time_problem IS NULL THEN instant END, time_problem,
           CASE WHEN is_out THEN 'out' ELSE 'in' END,
           text,
           ${listLookupSql(MEDIA_CODES, '(code >> 4) & 15')},
           CASE WHEN code >= 256 OR $chat IS NOT NULL THEN json_merge_patch('{}', json_object(
             'edited', CASE WHEN code & 256 <> 0 THEN true END, 'voice_note', CASE WHEN code & 512 <> 0 THEN true END,
             'chat', $chat, 'author', CASE WHEN $chat IS NOT NULL THEN author END)) END,
           coalesce(author || ': ', '') || text
    FROM wa_resolved r LEFT JOIN wa_authors a ON a.who = r.who
    WHERE code & 15 = 0`,
    chatParams,
  );
  await warehouse.run(`
    INSERT INTO stage_system
    SELECT line, CASE WHEN time_problem IS NULL THEN instant END, ${listLookupSql(SYSTEM_CODES, 'code & 15')}, text
    FROM wa_resolved WHERE code & 15 <> 0`);
  await warehouse.run(`
    INSERT INTO stage_rejects SELECT line, text, 'line before the first timestamped message (not a WhatsApp chat line)' FROM wa_orphans`);
  await warehouse.run('DROP TABLE wa_resolved; DROP TABLE wa_orphans; DROP TABLE wa_authors');
  return {
    rowsRead: parsed.entries + parsed.orphans,
    details: { date_order: order, owner: owner.name ?? null, owner_from: owner.from, chat: group ? 'group' : 'direct', participants: others.length },
  };
}

/** Streams the file through the parser into `wa_entries` (and `wa_orphans`) in data chunks. */
async function loadEntries(context: BuzonContext, file: string, options: WhatsAppReadOptions) {
  const { warehouse } = context;
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE wa_entries (line INTEGER, d DOUBLE, t INTEGER, code INTEGER, author VARCHAR, text VARCHAR);
    CREATE OR REPLACE TEMP TABLE wa_orphans (line INTEGER, text VARCHAR);`);
  const appender = await warehouse.connection.createAppender('wa_entries', 'main', 'temp');
  const orphanAppender = await warehouse.connection.createAppender('wa_orphans', 'main', 'temp');
  let orphans = 0;
  let columns: unknown[][] = ENTRY_TYPES.map(() => []);
  let buffered = 0;
  let entries = 0;
  const flush = () => {
    if (!buffered) return;
    const chunk = DuckDBDataChunk.create(ENTRY_TYPES, buffered);
    chunk.setColumns(columns as never);
    appender.appendDataChunk(chunk);
    columns = ENTRY_TYPES.map(() => []);
    buffered = 0;
  };
  const onEntry = (e: WhatsAppEntry) => {
    columns[0]!.push(e.line);
    columns[1]!.push(e.f1 * 1e6 + e.f2 * 1e4 + e.f3);
    columns[2]!.push(e.hour * 10000 + e.minute * 100 + e.second);
    columns[3]!.push(SYSTEM_INDEX.get(e.system)! | (MEDIA_INDEX.get(e.media)! << 4) | (e.edited ? 256 : 0) | (e.voice ? 512 : 0));
    columns[4]!.push(e.author);
    columns[5]!.push(e.text);
    entries++;
    if (++buffered === CHUNK_ROWS) flush();
  };
  const parser = new WhatsAppParser(onEntry, (o) => {
    orphanAppender.appendInteger(o.line);
    orphanAppender.appendVarchar(o.text);
    orphanAppender.endRow();
    orphans++;
  });
  const totalBytes = statSync(file).size;
  let bytesRead = 0;
  for await (const text of readTextChunks(file, options.encoding, (n) => { bytesRead += n; })) {
    parser.push(text);
    options.progress?.update(entries, bytesRead ? Math.round((entries * totalBytes) / bytesRead) : undefined);
  }
  parser.end();
  flush();
  appender.closeSync();
  orphanAppender.closeSync();
  return { entries, orphans, evidence: parser.evidence, ownerHints: parser.ownerHints };
}

/** The kind a small code stands for (index 0 is NULL), as a constant-list lookup in SQL. */
function listLookupSql(kinds: (string | null)[], codeExpr: string): string {
  return `([${kinds.map((k) => (k === null ? 'NULL' : quoteLiteral(k))).join(', ')}]::VARCHAR[])[(${codeExpr}) + 1]`;
}

interface OwnerChoice {
  name?: string;
  from: 'option' | 'setting' | 'files' | 'deleted-message' | 'chat-name' | 'name-among-numbers' | 'none';
}

/**
 * Who exported the chat: `--owner`; else the owner remembered from an earlier import; else the author
 * present in several files of this import; else the author of "You deleted this message"; else, in a
 * two-person chat, the author who is not the chat's name; else the only author written as a name
 * when all the others are numbers.
 */
async function chooseOwner(context: BuzonContext, authors: string[], hints: Set<string>, options: WhatsAppReadOptions): Promise<OwnerChoice> {
  const { warehouse } = context;
  const find = (name?: string) => (name ? authors.find((a) => sameName(a, name)) : undefined);
  if (options.owner) {
    await rememberOwner(context, options.owner);
    return { name: find(options.owner) ?? options.owner, from: 'option' };
  }
  const remembered = await warehouse.scalar<string | undefined>("SELECT value FROM settings WHERE key = 'whatsapp_owner'");
  if (find(remembered)) return { name: find(remembered), from: 'setting' };
  if (find(options.ownerGuess)) {
    await rememberOwner(context, options.ownerGuess!);
    return { name: find(options.ownerGuess), from: 'files' };
  }
  const hinted = [...hints].find((h) => find(h));
  if (hinted) return { name: find(hinted), from: 'deleted-message' };
  if (authors.length === 2) {
    const [a, b] = authors as [string, string];
    if (options.chatName && sameName(a, options.chatName) !== sameName(b, options.chatName)) {
      return { name: sameName(a, options.chatName) ? b : a, from: 'chat-name' };
    }
  }
  // A campaign's phone has the citizens as unsaved numbers: the one author written as a name is the account.
  const names = authors.filter((a) => !NUMBER_AUTHOR.test(a));
  if (names.length === 1 && authors.length > 1) return { name: names[0], from: 'name-among-numbers' };
  return { from: 'none' };
}

async function rememberOwner(context: BuzonContext, owner: string): Promise<void> {
  await context.warehouse.run("INSERT OR REPLACE INTO settings VALUES ('whatsapp_owner', $owner)", { owner });
}

function sameName(a: string, b: string): boolean {
  return a.localeCompare(b, 'es', { sensitivity: 'base' }) === 0;
}

/** Names from contact sheets (a name column next to the phone) that map to exactly one number. */
async function loadContactNames(context: BuzonContext): Promise<void> {
  await context.warehouse.run(
    `CREATE OR REPLACE TEMP TABLE wa_names AS
     SELECT name, any_value(e164) AS e164 FROM (
       SELECT strip_accents(lower(trim(json_extract_string(c.attributes, '$."' || k || '"')))) AS name, p.e164
       FROM contacts c JOIN contact_phones p USING (sender_key), unnest(json_keys(c.attributes)) AS names(k)
       WHERE lower(trim(k)) IN (${NAME_COLUMNS.map(quoteLiteral).join(', ')}) AND NOT contains(k, '"')
     ) WHERE coalesce(name, '') <> ''
     GROUP BY name HAVING count(DISTINCT e164) = 1`,
  );
}
