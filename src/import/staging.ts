import type { BuzonContext } from '../db/context.ts';
import { senderKeySql } from '../db/warehouse-key.ts';
import { quoteIdent } from '../db/sql-identifiers.ts';
import { normalisePhone } from './phone-normaliser.ts';
import { maskPhonesSqlExpr } from '../privacy/phone-masking.ts';

/**
 * Every format's reader fills the same temporary staging tables; `commitStagedBatch` then does the
 * shared work set-based in DuckDB: sender numbers to E.164, sender keys, identity, duplicates,
 * rejects. A reader only has to say what each input row is.
 */
export const STAGING_DDL = `
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
);
CREATE OR REPLACE TEMP TABLE stage_rejects (source_line BIGINT, raw VARCHAR, reason VARCHAR);
CREATE OR REPLACE TEMP TABLE stage_system (source_line BIGINT, sent_at TIMESTAMPTZ, kind VARCHAR, text VARCHAR);
CREATE OR REPLACE TEMP TABLE stage_phones (candidate VARCHAR, e164 VARCHAR, reason VARCHAR);
`;

/**
 * Several small files (one WhatsApp export per conversation) are committed together: after each
 * file is staged, its rows move here with the file's number, so the shared work (and its scans of
 * the stored messages) runs once per group, not once per file.
 */
const GROUP_DDL = `
CREATE OR REPLACE TEMP TABLE group_messages AS SELECT 0::INTEGER AS file_no, * FROM stage_messages LIMIT 0;
CREATE OR REPLACE TEMP TABLE group_rejects AS SELECT 0::INTEGER AS file_no, * FROM stage_rejects LIMIT 0;
CREATE OR REPLACE TEMP TABLE group_system AS SELECT 0::INTEGER AS file_no, * FROM stage_system LIMIT 0;
CREATE OR REPLACE TEMP TABLE group_files (file_no INTEGER, batch_id INTEGER, source_file VARCHAR);
`;

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
  await warehouse.run(
    `INSERT INTO group_messages SELECT $no, * FROM stage_messages;
     INSERT INTO group_rejects SELECT $no, * FROM stage_rejects;
     INSERT INTO group_system SELECT $no, * FROM stage_system;`.replaceAll('$no', String(Math.trunc(fileNo))));
  const moved = await warehouse.scalar<number>(
    'SELECT (SELECT count(*) FROM stage_messages) + (SELECT count(*) FROM stage_rejects) + (SELECT count(*) FROM stage_system)');
  await warehouse.run('DELETE FROM stage_messages; DELETE FROM stage_rejects; DELETE FROM stage_system;');
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

/** Commits one staged file (the reader's rows still in the stage tables) as one batch. */
export async function commitStagedBatch(context: BuzonContext, batchId: number, sourceFile: string): Promise<BatchCounts> {
  await context.warehouse.run(GROUP_DDL);
  await moveStagedToGroup(context, 0);
  return (await commitGroup(context, [{ fileNo: 0, batchId, sourceFile }])).get(0)!;
}

/**
 * Commits a group of staged files: every file keeps its own batch, rows and counts; duplicates are
 * found against the stored messages and between the files of the group, as if imported one by one.
 */
export async function commitGroup(context: BuzonContext, files: StagedFile[]): Promise<Map<number, BatchCounts>> {
  const { warehouse, key } = context;
  const fileAppender = await warehouse.connection.createAppender('group_files', 'main', 'temp');
  for (const f of files) {
    fileAppender.appendInteger(f.fileNo);
    fileAppender.appendInteger(f.batchId);
    fileAppender.appendVarchar(f.sourceFile);
    fileAppender.endRow();
  }
  fileAppender.closeSync();
  await resolvePhones(context, 'group_messages', 'sender_raw');

  // Sender keys are HMACs (two SHA-256 each): computed once per distinct sender, not once per row.
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE stage_senders AS
     SELECT sender_ref, ${senderKeySql('sender_ref')} AS sender_key
     FROM (SELECT DISTINCT coalesce(p.e164, 'unresolved:' || m.sender_label) AS sender_ref
           FROM (SELECT DISTINCT sender_raw, sender_label FROM group_messages) m
           LEFT JOIN stage_candidates c ON c.raw = m.sender_raw
           LEFT JOIN stage_phones p ON p.candidate = c.candidate
           WHERE p.e164 IS NOT NULL OR (m.sender_raw IS NULL AND m.sender_label IS NOT NULL))`,
    key.sqlParams(),
  );
  // Resolve each staged row: sender key, instant, identity; or the reason it is rejected.
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE stage_resolved AS
    WITH base AS (
      SELECT m.*, p.e164, p.reason AS phone_reason,
             lower(trim(coalesce(m.direction, 'in'))) AS dir
      FROM group_messages m
      LEFT JOIN stage_candidates c ON c.raw = m.sender_raw
      LEFT JOIN stage_phones p ON p.candidate = c.candidate
    )
    SELECT base.*, k.sender_key,
      CASE
        WHEN sender_raw IS NULL AND coalesce(trim(sender_label), '') = '' THEN 'missing sender'
        WHEN sender_raw IS NOT NULL AND e164 IS NULL THEN 'invalid sender phone: ' || coalesce(phone_reason, 'unknown')
        WHEN sent_at IS NULL THEN coalesce(sent_at_error, 'missing or unreadable sent_at')
        WHEN dir NOT IN ('in', 'out') THEN 'direction must be in or out'
        WHEN coalesce(body, '') = '' AND media IS NULL THEN 'empty message: no text and no media'
      END AS reject_reason
    FROM base
    LEFT JOIN stage_senders k ON k.sender_ref = CASE WHEN base.sender_raw IS NULL THEN 'unresolved:' || base.sender_label ELSE base.e164 END`);

  await warehouse.run(`
    INSERT INTO group_rejects
    SELECT file_no, source_line, raw, reject_reason FROM stage_resolved WHERE reject_reason IS NOT NULL`);
  // Each step keeps only what later steps read: the staged copies are freed as soon as they are used.
  await warehouse.run('DELETE FROM group_messages');

  // Identity: the provider id when there is one, else 'h:' + the content key: a hash of sender,
  // direction, minute, whether it is media, text, and which occurrence of that same content in that
  // minute it is (three photos sent in one minute are three messages). A row is a duplicate when its
  // id is known or repeated in the file, or when its content key matches a message one of whose ids
  // is derived: the same message seen through a chat export (minutes, no id) and a webhook (seconds, wamid).
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE stage_valid AS
    WITH valid AS (
      SELECT *, nullif(trim(message_id), '') AS provider_id,
             strftime(date_trunc('minute', sent_at), '%Y-%m-%dT%H:%M') AS minute_text,
             CASE WHEN media IS NULL THEN '' ELSE 'media' END AS media_class
      FROM stage_resolved WHERE reject_reason IS NULL
    ), unique_ids AS (
      SELECT * FROM valid WHERE provider_id IS NULL
      UNION ALL
      (SELECT DISTINCT ON (provider_id) * FROM valid WHERE provider_id IS NOT NULL ORDER BY provider_id, file_no, source_line)
    )
    SELECT *, hash(sender_key, dir, minute_text, media_class, body) AS content_hash FROM unique_ids`);
  // Occurrences are numbered only where content repeats (few rows): a window over every row costs seconds.
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE stage_identified AS
    WITH repeated AS (
      SELECT file_no, content_hash FROM stage_valid GROUP BY file_no, content_hash HAVING count(*) > 1
    ), counted AS (
      SELECT *, 1 AS occurrence FROM stage_valid v WHERE NOT EXISTS (SELECT 1 FROM repeated r WHERE r.file_no = v.file_no AND r.content_hash = v.content_hash)
      UNION ALL
      SELECT *, row_number() OVER (PARTITION BY file_no, content_hash ORDER BY sent_at, source_line) AS occurrence
      FROM stage_valid v WHERE EXISTS (SELECT 1 FROM repeated r WHERE r.file_no = v.file_no AND r.content_hash = v.content_hash)
    ), hashed AS (
      SELECT *, sha256(concat_ws('|', sender_key, dir, minute_text, media_class, coalesce(body, ''), occurrence)) AS content_key
      FROM counted
    )
    SELECT *, coalesce(provider_id, 'h:' || substr(content_key, 1, 32)) AS final_id, provider_id IS NULL AS derived_id
    FROM hashed`);
  await warehouse.run('DROP TABLE stage_valid');
  // The stored messages this batch could repeat are found with semi-joins (hash tables on the batch's
  // keys, probed by one scan of messages), then left-joined: no correlated subquery per row.
  // Within the group, as if the files were imported one by one (looked for only among the few
  // contents that repeat): a derived id repeats any earlier row with its content (in its own file, a
  // provider id comes first); a provider id repeats a derived row of an earlier file.
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE stage_group_dups AS
    WITH repeated AS (SELECT content_key FROM stage_identified GROUP BY content_key HAVING count(*) > 1)
    SELECT file_no, source_line FROM stage_identified
    WHERE content_key IN (SELECT content_key FROM repeated)
    QUALIFY (derived_id AND row_number() OVER (PARTITION BY content_key ORDER BY file_no, derived_id, source_line) > 1)
         OR (NOT derived_id AND coalesce(bool_or(derived_id) OVER (PARTITION BY content_key ORDER BY file_no
                                         RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), false))`);
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE stage_new AS
    WITH known_ids AS (
      SELECT message_id FROM messages WHERE message_id IN (SELECT final_id FROM stage_identified)
    ), known_contents AS (
      SELECT content_key, bool_or(message_id LIKE 'h:%') AS derived FROM messages
      WHERE content_key IN (SELECT content_key FROM stage_identified) GROUP BY content_key
    )
    SELECT f.* FROM stage_identified f
    LEFT JOIN known_ids k ON k.message_id = f.final_id
    LEFT JOIN known_contents c ON c.content_key = f.content_key
    WHERE k.message_id IS NULL AND (c.content_key IS NULL OR NOT (c.derived OR f.derived_id))
      AND NOT EXISTS (SELECT 1 FROM stage_group_dups d WHERE d.file_no = f.file_no AND d.source_line = f.source_line)`);
  await warehouse.run('DROP TABLE stage_identified');

  await warehouse.run(
    `INSERT INTO messages (message_id, content_key, sender_key, sender_name, sender_resolved, sent_at, direction,
                           body, media, batch_id, source_file, source_line, extra)
     SELECT final_id, content_key, sender_key, nullif(trim(sender_name), ''), sender_raw IS NOT NULL, sent_at, dir,
            nullif(body, ''), media, g.batch_id, g.source_file, source_line, extra
     FROM stage_new JOIN group_files g USING (file_no) ORDER BY sent_at`,
  );
  await warehouse.run(
    `INSERT INTO contact_phones (sender_key, e164, batch_id)
     SELECT k.sender_key, k.sender_ref, g.batch_id
     FROM stage_senders k
     JOIN (SELECT sender_key, min(file_no) AS file_no FROM stage_new GROUP BY sender_key) n USING (sender_key)
     JOIN group_files g USING (file_no)
     WHERE k.sender_ref NOT LIKE 'unresolved:%'
       AND NOT EXISTS (SELECT 1 FROM contact_phones c WHERE c.sender_key = k.sender_key)`,
  );
  await warehouse.run(
    `INSERT INTO rejects (batch_id, source_file, source_line, raw, reason, sender_key)
     SELECT g.batch_id, g.source_file, r.source_line, ${maskPhonesSql('r.raw')}, r.reason, k.sender_key
     FROM group_rejects r
     JOIN group_files g USING (file_no)
     LEFT JOIN (SELECT file_no, source_line, any_value(sender_key) AS sender_key FROM stage_resolved
                WHERE reject_reason IS NOT NULL AND (e164 IS NOT NULL OR (sender_raw IS NULL AND coalesce(trim(sender_label), '') <> ''))
                GROUP BY file_no, source_line) k USING (file_no, source_line)`,
  );
  await warehouse.run(
    `INSERT INTO system_rows (batch_id, source_file, source_line, sent_at, kind, text)
     SELECT g.batch_id, g.source_file, source_line, sent_at, kind, ${maskPhonesSql('text')}
     FROM group_system JOIN group_files g USING (file_no)`,
  );

  const counts = await warehouse.all<{ file_no: number; staged: number; fresh: number; rejects: number; system: number }>(`
    SELECT g.file_no,
           (SELECT count(*) FROM stage_resolved r WHERE r.file_no = g.file_no AND reject_reason IS NULL) AS staged,
           (SELECT count(*) FROM stage_new n WHERE n.file_no = g.file_no) AS fresh,
           (SELECT count(*) FROM group_rejects r WHERE r.file_no = g.file_no) AS rejects,
           (SELECT count(*) FROM group_system s WHERE s.file_no = g.file_no) AS system
    FROM group_files g`);
  const reasons = await warehouse.all<{ file_no: number; reason: string; n: number }>(
    'SELECT file_no, reason, count(*) AS n FROM group_rejects GROUP BY file_no, reason ORDER BY file_no, n DESC, reason');
  const result = new Map<number, BatchCounts>();
  for (const c of counts) {
    result.set(c.file_no, {
      messages: c.fresh,
      systemRows: c.system,
      duplicates: c.staged - c.fresh,
      rejects: c.rejects,
      rejectsByReason: Object.fromEntries(reasons.filter((r) => r.file_no === c.file_no).map((r) => [r.reason, r.n])),
    });
  }
  return result;
}

/** Masks anything shaped like a phone number, keeping the last four digits (rule: src/privacy/phone-masking.ts). */
export function maskPhonesSql(expr: string): string {
  return maskPhonesSqlExpr(expr);
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
  const reader = await warehouse.connection.runAndReadAll('SELECT DISTINCT candidate FROM stage_candidates');
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
