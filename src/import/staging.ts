import type { BuzonContext } from '../db/context.ts';
import { senderKeySql } from '../db/warehouse-key.ts';
import { quoteIdent } from '../db/sql-identifiers.ts';
import { normalisePhone } from './phone-normaliser.ts';
import { validMexicanNumberSql } from './mexican-numbers.ts';
import { maskPhonesSqlExpr } from '../privacy/phone-masking.ts';

/**
 * Every format's reader fills the same temporary staging tables; `commitGroup` then does the
 * shared work set-based in DuckDB: sender numbers to E.164, sender keys, identity, duplicates,
 * rejects. A reader only has to say what each input row is.
 */
const STAGE_MESSAGES_DDL = `
CREATE OR REPLACE TEMP TABLE stage_messages (
  source_line  BIGINT,
  message_id   VARCHAR,      -- provider id; NULL when the export has none
  sender_raw   VARCHAR,      -- the number as written; NULL for a chat-export name with no number
  sender_label VARCHAR,      -- chat-export name used when sender_raw is NULL (an unresolved sender)
  sender_name  VARCHAR,
  sent_at      TIMESTAMPTZ,  -- NULL when it could not be read; sent_at_error then says why
  sent_at_error VARCHAR,
  direction    VARCHAR,
  body         VARCHAR,
  media        VARCHAR,
  extra        JSON,
  raw          VARCHAR       -- the input row as text, kept (phones masked) if the row is rejected
);`;

export const STAGING_DDL = `${STAGE_MESSAGES_DDL}
CREATE OR REPLACE TEMP TABLE stage_rejects (source_line BIGINT, raw VARCHAR, reason VARCHAR);
CREATE OR REPLACE TEMP TABLE stage_system (source_line BIGINT, sent_at TIMESTAMPTZ, kind VARCHAR, text VARCHAR);
CREATE OR REPLACE TEMP TABLE stage_phones (candidate VARCHAR, e164 VARCHAR, reason VARCHAR);
`;

/**
 * Several small files (one WhatsApp export per conversation) are committed together: after each
 * file is staged, its rows move here with the file's number, so the shared work (and its scans of
 * the stored messages) runs once per group, not once per file. `group_messages` is stage_messages
 * plus `file_no` as its last column: the first file of a group is moved by renaming, not copying.
 */
const GROUP_DDL = `
CREATE OR REPLACE TEMP TABLE group_messages AS SELECT *, 0::INTEGER AS file_no FROM stage_messages LIMIT 0;
CREATE OR REPLACE TEMP TABLE group_rejects AS SELECT 0::INTEGER AS file_no, * FROM stage_rejects LIMIT 0;
CREATE OR REPLACE TEMP TABLE group_system AS SELECT 0::INTEGER AS file_no, * FROM stage_system LIMIT 0;
CREATE OR REPLACE TEMP TABLE group_files (file_no INTEGER, batch_id INTEGER, source_file VARCHAR);
`;

/** The temporary tables a commit builds; dropped when it ends so a big group's copies do not outlive it. */
const COMMIT_TABLES = ['stage_candidates', 'stage_lookup', 'stage_keys', 'stage_repeating',
  'stage_special', 'stage_skip', 'stage_ids'];

/** One staged file of a group: its number in the group tables, its batch and its name. */
export interface StagedFile {
  fileNo: number;
  batchId: number;
  sourceFile: string;
}

export interface BatchCounts {
  messages: number;
  systemRows: number;
  duplicates: number;
  rejects: number;
  rejectsByReason: Record<string, number>;
}

export async function resetStaging(context: BuzonContext): Promise<void> {
  await context.warehouse.run(STAGING_DDL);
}

/** Empties the group tables (a new group of files begins). */
export async function resetGroup(context: BuzonContext): Promise<void> {
  await context.warehouse.run(STAGING_DDL);
  await context.warehouse.run(GROUP_DDL);
}

/** Moves what a reader staged for one file into the group, under the file's number; returns the rows moved. */
export async function moveStagedToGroup(context: BuzonContext, fileNo: number): Promise<number> {
  const { warehouse } = context;
  const no = String(Math.trunc(fileNo));
  const moved = await warehouse.scalar<number>(
    'SELECT (SELECT count(*) FROM stage_messages) + (SELECT count(*) FROM stage_rejects) + (SELECT count(*) FROM stage_system)');
  const groupEmpty = await warehouse.scalar<boolean>('SELECT NOT EXISTS (SELECT 1 FROM group_messages)');
  if (groupEmpty) {
    // A big file is most often alone in its group: its staged rows become the group's without a copy.
    await warehouse.run(`DROP TABLE group_messages; ALTER TABLE stage_messages RENAME TO group_messages;
      ALTER TABLE group_messages ADD COLUMN file_no INTEGER DEFAULT ${no}; ${STAGE_MESSAGES_DDL}`);
  } else {
    await warehouse.run(`INSERT INTO group_messages SELECT *, ${no} FROM stage_messages; ${STAGE_MESSAGES_DDL}`);
  }
  await warehouse.run(
    `INSERT INTO group_rejects SELECT ${no}, * FROM stage_rejects; INSERT INTO group_system SELECT ${no}, * FROM stage_system;
     DELETE FROM stage_rejects; DELETE FROM stage_system;`);
  return moved;
}

/** Pre-cleans a written number in SQL so the JS parser sees each person once, not once per spelling. */
const PHONE_CANDIDATE_SQL = `
CASE
  WHEN regexp_matches(s0, '[a-z]') THEN s0
  WHEN regexp_matches(s1, '^\\+?521\\d{10}$') THEN '+52' || right(s1, 10)
  WHEN regexp_matches(s1, '^\\+52\\d{10}$') THEN s1
  WHEN regexp_matches(s1, '^52\\d{10}$') THEN '+' || s1
  WHEN regexp_matches(s1, '^(044|045|01)\\d{10}$') THEN '+52' || right(s1, 10)
  WHEN regexp_matches(s1, '^00\\d+$') THEN '+' || substr(s1, 3)
  ELSE s1
END`;

// Per-row facts of a group row `m` and its sender `l` (stage_lookup), written once for every pass.
const DIR_SQL = `lower(trim(coalesce(m.direction, 'in')))`;
const PROVIDER_ID_SQL = `nullif(trim(m.message_id), '')`;
const LOOKUP_JOIN = 'LEFT JOIN stage_lookup l ON l.by_label = (m.sender_raw IS NULL) AND l.ref = coalesce(m.sender_raw, m.sender_label)';
const REJECT_REASON_SQL = `CASE
  WHEN m.sender_raw IS NULL AND coalesce(trim(m.sender_label), '') = '' THEN 'missing sender'
  WHEN m.sender_raw IS NOT NULL AND l.e164 IS NULL THEN 'invalid sender phone: ' || coalesce(l.phone_reason, 'unknown')
  WHEN m.sent_at IS NULL THEN coalesce(m.sent_at_error, 'missing or unreadable sent_at')
  WHEN ${DIR_SQL} NOT IN ('in', 'out') THEN 'direction must be in or out'
  WHEN coalesce(m.body, '') = '' AND m.media IS NULL THEN 'empty message: no text and no media'
END`;
/**
 * Equal for any two rows whose content keys can be equal (same sender, direction, minute, media or not,
 * text): rows whose value is unique in the group need no occurrence numbering and cannot repeat
 * another row of the group, so only the few others are looked at closely.
 */
const CONTENT_GROUP_SQL = `hash(l.sender_key, ${DIR_SQL}, epoch_us(m.sent_at) // 60000000, m.media IS NULL, coalesce(m.body, ''))`;

/**
 * The content key: a hash of sender, direction, minute, whether it is media, text, and which
 * occurrence of that same content in that minute it is (three photos sent in one minute are three
 * messages).
 */
function contentKeySql(occurrence: string, senderKey = 'l.sender_key'): string {
  // strftime without seconds is the UTC minute (the session's zone); date_trunc on TIMESTAMPTZ costs twice as much.
  return `sha256(concat_ws('|', ${senderKey}, ${DIR_SQL}, strftime(m.sent_at, '%Y-%m-%dT%H:%M'),
    CASE WHEN m.media IS NULL THEN '' ELSE 'media' END, coalesce(m.body, ''), ${occurrence}))`;
}

/**
 * Commits a group of staged files: every file keeps its own batch, rows and counts; duplicates are
 * found against the stored messages and between the files of the group, as if imported one by one.
 *
 * Identity: the provider id when there is one, else 'h:' + the content key. A row is a duplicate
 * when its id is known or repeated in the file, or when its content key matches a message one of
 * whose ids is derived: the same message seen through a chat export (minutes, no id) and a webhook
 * (seconds, wamid).
 *
 * The staged rows are read a few times but copied once, into messages: the passes before keep
 * narrow keys, and only the few rows that repeat an id or a content are looked at one by one.
 */
export async function commitGroup(context: BuzonContext, files: StagedFile[]): Promise<Map<number, BatchCounts>> {
  const { warehouse } = context;
  const fileAppender = await warehouse.connection.createAppender('group_files', 'main', 'temp');
  for (const f of files) {
    fileAppender.appendInteger(f.fileNo);
    fileAppender.appendInteger(f.batchId);
    fileAppender.appendVarchar(f.sourceFile);
    fileAppender.endRow();
  }
  fileAppender.closeSync();
  try {
    await resolveSenders(context);
    await keyRows(context);
    await findRepeats(context);
    await findKnown(context);
    await insertMessages(context);
    return await groupCounts(context);
  } finally {
    await warehouse.run(COMMIT_TABLES.map((t) => `DROP TABLE IF EXISTS ${t};`).join(' '));
  }
}

/**
 * `stage_lookup`: every distinct sender of the group (a number as written, or a chat-export name)
 * with its E.164 number or the reason it has none, and its sender key.
 */
async function resolveSenders(context: BuzonContext): Promise<void> {
  const { warehouse, key } = context;
  await resolvePhones(context, 'group_messages', 'sender_raw');
  // Sender keys are HMACs (two SHA-256 each): computed once per distinct sender, not once per row.
  // `sender_no` stands for the key where rows are only grouped by sender.
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE stage_lookup AS
     WITH refs AS (
       SELECT false AS by_label, c.raw AS ref, p.e164, p.reason AS phone_reason, p.e164 AS sender_ref
       FROM stage_candidates c LEFT JOIN stage_phones p ON p.candidate = c.candidate
       UNION ALL
       SELECT DISTINCT true, sender_label, NULL, NULL, 'unresolved:' || sender_label
       FROM group_messages WHERE sender_raw IS NULL AND sender_label IS NOT NULL
     ), senders AS (
       SELECT row_number() OVER () AS sender_no, sender_ref, ${senderKeySql('sender_ref')} AS sender_key
       FROM (SELECT DISTINCT sender_ref FROM refs WHERE sender_ref IS NOT NULL)
     )
     SELECT r.by_label, r.ref, r.e164, r.phone_reason, r.sender_ref, k.sender_no, k.sender_key
     FROM refs r LEFT JOIN senders k USING (sender_ref)`,
    key.sqlParams(),
  );
  await warehouse.run('DROP TABLE stage_candidates');
}

/**
 * `stage_keys`: one narrow row per staged row: its reject reason (with the raw text and sender key a
 * reject keeps), else a hash of its content group and of its provider id. Rejects go to group_rejects.
 */
async function keyRows(context: BuzonContext): Promise<void> {
  const { warehouse } = context;
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE stage_keys AS
    SELECT rid, file_no, source_line, reason,
           CASE WHEN reason IS NULL THEN content_group END AS content_group,
           CASE WHEN reason IS NULL AND provider_id IS NOT NULL THEN hash(provider_id) END AS id_hash,
           CASE WHEN reason IS NULL THEN sender_no END AS sender_no,
           CASE WHEN reason IS NOT NULL THEN raw END AS raw,
           CASE WHEN reason IS NOT NULL AND (e164 IS NOT NULL OR (sender_raw IS NULL AND coalesce(trim(sender_label), '') <> ''))
                THEN sender_key END AS reject_sender_key
    FROM (SELECT m.rowid AS rid, m.file_no, m.source_line, m.raw, m.sender_raw, m.sender_label, l.e164, l.sender_key, l.sender_no,
                 ${PROVIDER_ID_SQL} AS provider_id, ${REJECT_REASON_SQL} AS reason, ${CONTENT_GROUP_SQL} AS content_group
          FROM group_messages m ${LOOKUP_JOIN})`);
  await warehouse.run(`
    INSERT INTO group_rejects (file_no, source_line, raw, reason)
    SELECT file_no, source_line, raw, reason FROM stage_keys WHERE reason IS NOT NULL`);
}

/**
 * Among the rows that share a content group or a provider id (few): a provider id repeated in the
 * group keeps its first row; identical contents of one file are numbered in time order (their
 * occurrence); and, as if the files were imported one by one, a derived id repeats any earlier row
 * with its content key (in its own file, a provider id comes first), a provider id repeats a
 * derived row of an earlier file. `stage_special` keeps the occurrences, `stage_skip` the duplicates.
 */
async function findRepeats(context: BuzonContext): Promise<void> {
  const { warehouse } = context;
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE stage_repeating AS
    WITH valid AS (SELECT rid, content_group, id_hash FROM stage_keys WHERE reason IS NULL)
    SELECT rid FROM valid
    WHERE content_group IN (SELECT content_group FROM valid GROUP BY content_group HAVING count(*) > 1)
       OR id_hash IN (SELECT id_hash FROM valid WHERE id_hash IS NOT NULL GROUP BY id_hash HAVING count(*) > 1)`);
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE stage_special AS
    WITH rows AS (
      SELECT m.rowid AS rid, m.file_no, m.source_line, m.sent_at, ${PROVIDER_ID_SQL} AS provider_id,
             hash(l.sender_key, ${DIR_SQL}, date_trunc('minute', m.sent_at), m.media IS NULL, m.body) AS content_hash,
             m.direction, m.body, m.media, l.sender_key
      FROM group_messages m ${LOOKUP_JOIN}
      WHERE m.rowid IN (SELECT rid FROM stage_repeating)
    ), unique_ids AS (
      SELECT *, coalesce(provider_id IS NOT NULL
                         AND row_number() OVER (PARTITION BY provider_id ORDER BY file_no, source_line) > 1, false) AS id_repeat
      FROM rows
    ), counted AS (
      SELECT *, row_number() OVER (PARTITION BY file_no, content_hash, id_repeat ORDER BY sent_at, source_line) AS occurrence
      FROM unique_ids
    )
    SELECT rid, file_no, source_line, provider_id, id_repeat, CASE WHEN NOT id_repeat THEN occurrence END AS occurrence,
           CASE WHEN NOT id_repeat THEN ${contentKeySql('occurrence', 'm.sender_key')} END AS content_key
    FROM counted m`);
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE stage_skip AS
    SELECT rid, file_no FROM stage_special WHERE id_repeat
    UNION ALL
    SELECT rid, file_no FROM (
      SELECT *, provider_id IS NULL AS derived_id FROM stage_special
      WHERE NOT id_repeat AND content_key IN (SELECT content_key FROM stage_special WHERE NOT id_repeat GROUP BY content_key HAVING count(*) > 1)
    )
    QUALIFY (derived_id AND row_number() OVER (PARTITION BY content_key ORDER BY file_no, derived_id, source_line) > 1)
         OR (NOT derived_id AND coalesce(bool_or(derived_id) OVER (PARTITION BY content_key ORDER BY file_no
                                         RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), false))`);
}

/**
 * Rows whose id is already stored, or whose content key matches a stored message when either id is
 * derived, join stage_skip. The stored messages are found with semi-joins (hash tables on the
 * group's keys, probed by one scan of messages); nothing to do when the warehouse has none.
 */
async function findKnown(context: BuzonContext): Promise<void> {
  const { warehouse } = context;
  if (!(await warehouse.scalar<boolean>('SELECT EXISTS (SELECT 1 FROM messages)'))) return;
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE stage_ids AS
    SELECT rid, file_no, provider_id IS NULL AS derived_id, coalesce(provider_id, 'h:' || substr(content_key, 1, 32)) AS final_id, content_key
    FROM (SELECT m.rowid AS rid, m.file_no, ${PROVIDER_ID_SQL} AS provider_id, ${contentKeySql('coalesce(s.occurrence, 1)')} AS content_key
          FROM group_messages m ${LOOKUP_JOIN}
          LEFT JOIN stage_special s ON s.rid = m.rowid
          WHERE ${REJECT_REASON_SQL} IS NULL AND m.rowid NOT IN (SELECT rid FROM stage_skip))`);
  await warehouse.run(`
    INSERT INTO stage_skip
    WITH known_ids AS (
      SELECT message_id FROM messages WHERE message_id IN (SELECT final_id FROM stage_ids)
    ), known_contents AS (
      SELECT content_key, bool_or(message_id LIKE 'h:%') AS derived FROM messages
      WHERE content_key IN (SELECT content_key FROM stage_ids) GROUP BY content_key
    )
    SELECT f.rid, f.file_no FROM stage_ids f
    LEFT JOIN known_ids k ON k.message_id = f.final_id
    LEFT JOIN known_contents c ON c.content_key = f.content_key
    WHERE k.message_id IS NOT NULL OR (c.content_key IS NOT NULL AND (c.derived OR f.derived_id))`);
  await warehouse.run('DROP TABLE stage_ids');
}

/** The one copy of the new rows: into messages (in file order), plus contact phones, rejects and system rows. */
async function insertMessages(context: BuzonContext): Promise<void> {
  const { warehouse } = context;
  await warehouse.run(`
    INSERT INTO messages (message_id, content_key, sender_key, sender_name, sender_resolved, sent_at, direction,
                          body, media, batch_id, source_file, source_line, extra)
    SELECT coalesce(provider_id, 'h:' || substr(content_key, 1, 32)), content_key, sender_key, sender_name, resolved, sent_at, dir,
           body, media, g.batch_id, g.source_file, source_line, extra
    FROM (SELECT m.file_no, ${PROVIDER_ID_SQL} AS provider_id, ${contentKeySql('coalesce(s.occurrence, 1)')} AS content_key,
                 l.sender_key, nullif(trim(m.sender_name), '') AS sender_name, m.sender_raw IS NOT NULL AS resolved, m.sent_at,
                 ${DIR_SQL} AS dir, nullif(m.body, '') AS body, m.media, m.source_line, m.extra
          FROM group_messages m ${LOOKUP_JOIN}
          LEFT JOIN stage_special s ON s.rid = m.rowid
          WHERE ${REJECT_REASON_SQL} IS NULL AND m.rowid NOT IN (SELECT rid FROM stage_skip))
    JOIN group_files g USING (file_no)`);
  await warehouse.run(`
    INSERT INTO contact_phones (sender_key, e164, batch_id)
    SELECT k.sender_key, k.sender_ref, g.batch_id
    FROM (SELECT DISTINCT sender_no, sender_key, sender_ref FROM stage_lookup WHERE NOT by_label AND sender_no IS NOT NULL) k
    JOIN (SELECT sender_no, min(file_no) AS file_no FROM stage_keys
          WHERE reason IS NULL AND rid NOT IN (SELECT rid FROM stage_skip) GROUP BY sender_no) n USING (sender_no)
    JOIN group_files g USING (file_no)
    WHERE NOT EXISTS (SELECT 1 FROM contact_phones c WHERE c.sender_key = k.sender_key)`);
  await warehouse.run(`
    INSERT INTO rejects (batch_id, source_file, source_line, raw, reason, sender_key)
    SELECT g.batch_id, g.source_file, r.source_line, ${maskPhonesSqlExpr('r.raw')}, r.reason, k.sender_key
    FROM group_rejects r
    JOIN group_files g USING (file_no)
    LEFT JOIN (SELECT file_no, source_line, any_value(reject_sender_key) AS sender_key FROM stage_keys
               WHERE reject_sender_key IS NOT NULL GROUP BY file_no, source_line) k USING (file_no, source_line)`);
  await warehouse.run(`
    INSERT INTO system_rows (batch_id, source_file, source_line, sent_at, kind, text)
    SELECT g.batch_id, g.source_file, source_line, sent_at, kind, ${maskPhonesSqlExpr('text')}
    FROM group_system JOIN group_files g USING (file_no)`);
}

async function groupCounts(context: BuzonContext): Promise<Map<number, BatchCounts>> {
  const { warehouse } = context;
  const counts = await warehouse.all<{ file_no: number; staged: number; skipped: number; rejects: number; system: number }>(`
    SELECT g.file_no, coalesce(k.staged, 0) AS staged, coalesce(s.skipped, 0) AS skipped,
           coalesce(r.rejects, 0) AS rejects, coalesce(y.system, 0) AS system
    FROM group_files g
    LEFT JOIN (SELECT file_no, count(*) AS staged FROM stage_keys WHERE reason IS NULL GROUP BY file_no) k USING (file_no)
    LEFT JOIN (SELECT file_no, count(*) AS skipped FROM stage_skip GROUP BY file_no) s USING (file_no)
    LEFT JOIN (SELECT file_no, count(*) AS rejects FROM group_rejects GROUP BY file_no) r USING (file_no)
    LEFT JOIN (SELECT file_no, count(*) AS system FROM group_system GROUP BY file_no) y USING (file_no)`);
  const reasons = await warehouse.all<{ file_no: number; reason: string; n: number }>(
    'SELECT file_no, reason, count(*) AS n FROM group_rejects GROUP BY file_no, reason ORDER BY file_no, n DESC, reason');
  const result = new Map<number, BatchCounts>();
  for (const c of counts) {
    result.set(c.file_no, {
      messages: c.staged - c.skipped,
      systemRows: c.system,
      duplicates: c.skipped,
      rejects: c.rejects,
      rejectsByReason: Object.fromEntries(reasons.filter((r) => r.file_no === c.file_no).map((r) => [r.reason, r.n])),
    });
  }
  return result;
}

/**
 * Fills `stage_candidates` (raw, candidate: one row per distinct number as written) from a staged table's phone column and
 * `stage_phones` (candidate, e164 or reason): each distinct candidate is parsed once in JS.
 */
export async function resolvePhones(context: BuzonContext, table: string, column: string): Promise<void> {
  await context.warehouse.run(`
    CREATE OR REPLACE TEMP TABLE stage_candidates AS
    SELECT raw, ${PHONE_CANDIDATE_SQL} AS candidate
    FROM (
      SELECT raw, s0, regexp_replace(s0, '[^0-9+]', '', 'g') AS s1
      FROM (SELECT raw, regexp_replace(lower(trim(raw)), '^(whatsapp|tel):', '') AS s0
            FROM (SELECT DISTINCT ${quoteIdent(column)} AS raw FROM ${quoteIdent(table)} WHERE ${quoteIdent(column)} IS NOT NULL))
    )`);
  await context.warehouse.run('DELETE FROM stage_phones');
  await normaliseCandidates(context);
}

async function normaliseCandidates(context: BuzonContext): Promise<void> {
  const { warehouse } = context;
  const fast = validMexicanNumberSql('candidate');
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE stage_distinct_candidates AS
    SELECT candidate, (${fast}) IS TRUE AS valid_mx FROM (SELECT DISTINCT candidate FROM stage_candidates);
    INSERT INTO stage_phones SELECT candidate, candidate, NULL FROM stage_distinct_candidates WHERE valid_mx`);
  const reader = await warehouse.connection.runAndReadAll('SELECT candidate FROM stage_distinct_candidates WHERE NOT valid_mx');
  await warehouse.run('DROP TABLE stage_distinct_candidates');
  const candidates = reader.getColumnsJS()[0] as (string | null)[] | undefined;
  if (!candidates?.length) return;
  const appender = await warehouse.connection.createAppender('stage_phones', 'main', 'temp');
  for (const candidate of candidates) {
    const result = normalisePhone(candidate ?? '');
    appender.appendVarchar(candidate ?? '');
    if (result.ok) {
      appender.appendVarchar(result.e164);
      appender.appendNull();
    } else {
      appender.appendNull();
      appender.appendVarchar(result.reason);
    }
    appender.endRow();
  }
  appender.closeSync();
}
