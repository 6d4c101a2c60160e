import { basename, resolve } from 'node:path';
import { InputError } from '../core/errors.ts';
import type { BuzonContext } from '../db/context.ts';
import { quoteIdent, quoteLiteral } from '../db/sql-identifiers.ts';
import { senderKeySql } from '../db/warehouse-key.ts';
import { csvErrorsSql, dropCsvTable, findColumn, firstLineOfText, headerDelimiter, loadCsvTable, readCsvHeader } from './csv-source.ts';
import { decodeHead, detectEncoding, readHead, utf8File, type Encoding } from './file-encoding.ts';
import { fileSha256, type FileImportSummary } from './import-runner.ts';
import { maskPhonesSqlExpr } from '../privacy/phone-masking.ts';
import { resolvePhones, resetStaging } from './staging.ts';

/** Header names accepted for each contact field (Spanish sheets are common). */
const ALIASES = {
  sender: ['sender', 'phone', 'telefono', 'teléfono', 'celular', 'whatsapp', 'numero', 'número'],
  age: ['age', 'edad'],
  birth_year: ['birth_year', 'ano_nacimiento', 'año_nacimiento', 'anio_nacimiento'],
  state_declared: ['state_declared', 'state', 'estado', 'entidad'],
} as const;

export interface ContactsImportOptions {
  encoding?: Encoding | 'auto';
}

/**
 * Loads a contact sheet: a phone column plus any of age, birth year and state; every other column is
 * kept in `attributes`. A later sheet updates the fields it fills for a contact already known.
 */
export async function importContactsFile(
  context: BuzonContext, file: string, options: ContactsImportOptions = {},
): Promise<FileImportSummary> {
  const { warehouse, logger } = context;
  const displayName = basename(file);
  const sha256 = await fileSha256(file);
  const previous = await warehouse.scalar<number | undefined>(
    "SELECT min(batch_id) FROM import_batches WHERE sha256 = $sha AND kind = 'contacts'", { sha: sha256 });
  if (previous) {
    logger.info(`${displayName}: already imported as batch ${previous}; nothing added`);
    return { file, format: 'contacts', alreadyImported: previous, rowsRead: 0, messages: 0, systemRows: 0, duplicates: 0, rejects: 0, rejectsByReason: {} };
  }
  const head = readHead(file);
  if (head.length === 0) throw new InputError('empty file: no header and no rows', { file: displayName });
  const encoding = options.encoding && options.encoding !== 'auto' ? options.encoding : detectEncoding(head);
  const headText = decodeHead(head, encoding);
  const delimiter = headerDelimiter(firstLineOfText(headText));
  const source = { encoding: 'utf-8' as const, displayName, delimiter };
  const header = readCsvHeader(headText, source);
  const pick = (field: keyof typeof ALIASES) => ALIASES[field].map((a) => findColumn(header, a)).find(Boolean);
  const phoneColumn = pick('sender');
  if (!phoneColumn) {
    throw new InputError(`no phone column (expected one of: ${ALIASES.sender.join(', ')})`, { file: displayName, line: 1 });
  }
  const columns = { age: pick('age'), birth_year: pick('birth_year'), state_declared: pick('state_declared') };
  const known = new Set([phoneColumn, ...Object.values(columns)].filter(Boolean));
  const others = header.filter((h) => !known.has(h));
  const ref = (name?: string) => (name ? quoteIdent(name) : 'NULL');

  await resetStaging(context);
  // DuckDB's 'latin-1' is not Windows-1252 (what Excel writes): read a UTF-8 copy instead.
  const utf8 = await utf8File(resolve(file), encoding);
  try {
    return await warehouse.transaction(async () => {
      const batchId = await warehouse.scalar<number>("SELECT nextval('import_batch_seq')");
      await loadCsvTable(warehouse, utf8.path, 'raw_contacts', header, source);
      await warehouse.run(`
        CREATE OR REPLACE TEMP TABLE stage_contacts AS
        SELECT line AS source_line, ${ref(phoneColumn)} AS phone_raw,
               try_cast(trim(${ref(columns.age)}) AS INTEGER) AS age, trim(${ref(columns.age)}) AS age_raw,
               try_cast(trim(${ref(columns.birth_year)}) AS INTEGER) AS birth_year, trim(${ref(columns.birth_year)}) AS birth_year_raw,
               nullif(trim(${ref(columns.state_declared)}), '') AS state_declared,
               ${others.length ? `json_object(${others.map((h) => `${quoteLiteral(h)}, ${quoteIdent(h)}`).join(', ')})` : 'NULL'} AS attributes
        FROM raw_contacts`);
      await resolvePhones(context, 'stage_contacts', 'phone_raw');
      await warehouse.run(
        `CREATE OR REPLACE TEMP TABLE stage_contacts_resolved AS
         SELECT s.*, p.e164, ${senderKeySql('p.e164')} AS sender_key,
           CASE WHEN coalesce(trim(s.phone_raw), '') = '' THEN 'missing phone'
                WHEN p.e164 IS NULL THEN 'invalid phone: ' || coalesce(p.reason, 'unknown')
                WHEN coalesce(s.age_raw, '') <> '' AND (s.age IS NULL OR s.age NOT BETWEEN 12 AND 120) THEN 'age is not a number between 12 and 120'
                WHEN coalesce(s.birth_year_raw, '') <> '' AND (s.birth_year IS NULL OR s.birth_year NOT BETWEEN 1900 AND year(now()) - 12) THEN 'birth_year is not a plausible year'
           END AS reason
         FROM stage_contacts s LEFT JOIN stage_candidates c ON c.raw = s.phone_raw LEFT JOIN stage_phones p USING (candidate)`,
        context.key.sqlParams(),
      );
      await warehouse.run(
        `INSERT INTO rejects (batch_id, source_file, source_line, raw, reason)
         SELECT $batch, $file, source_line, ${maskPhonesSqlExpr('raw')}, reason FROM (${csvErrorsSql('raw_contacts')})
         UNION ALL
         SELECT $batch, $file, source_line, NULL, reason FROM stage_contacts_resolved WHERE reason IS NOT NULL`,
        { batch: batchId, file: displayName },
      );
      // The last row of a sheet wins for a contact listed twice.
      await warehouse.run(
        `INSERT INTO contacts (sender_key, age, birth_year, state_declared, attributes, batch_id, updated_at)
         SELECT sender_key, age, birth_year, state_declared, attributes, $batch, now()
         FROM stage_contacts_resolved WHERE reason IS NULL
         QUALIFY row_number() OVER (PARTITION BY sender_key ORDER BY source_line DESC) = 1
         ON CONFLICT (sender_key) DO UPDATE SET
           age = coalesce(excluded.age, contacts.age), birth_year = coalesce(excluded.birth_year, contacts.birth_year),
           state_declared = coalesce(excluded.state_declared, contacts.state_declared),
           attributes = coalesce(excluded.attributes, contacts.attributes), batch_id = excluded.batch_id, updated_at = excluded.updated_at`,
        { batch: batchId },
      );
      await warehouse.run(
        `INSERT INTO contact_phones (sender_key, e164, batch_id)
         SELECT DISTINCT sender_key, e164, $batch FROM stage_contacts_resolved r
         WHERE reason IS NULL AND NOT EXISTS (SELECT 1 FROM contact_phones c WHERE c.sender_key = r.sender_key)`,
        { batch: batchId },
      );
      const counts = await warehouse.one<{ rows: number; good: number; distinct_good: number; bad: number }>(`
        SELECT (SELECT count(*) FROM raw_contacts) + (SELECT count(DISTINCT line) FROM raw_contacts_errors) AS rows,
               (SELECT count(*) FROM stage_contacts_resolved WHERE reason IS NULL) AS good,
               (SELECT count(DISTINCT sender_key) FROM stage_contacts_resolved WHERE reason IS NULL) AS distinct_good,
               (SELECT count(*) FROM rejects WHERE batch_id = ${Number(batchId)}) AS bad`);
      await dropCsvTable(warehouse, 'raw_contacts');
      const reasons = await warehouse.all<{ reason: string; n: number }>(
        'SELECT reason, count(*) AS n FROM rejects WHERE batch_id = $batch GROUP BY reason ORDER BY n DESC', { batch: batchId });
      await warehouse.run(
        `INSERT INTO import_batches (batch_id, file, sha256, format, kind, rows_read, messages, duplicates, rejects, started_at, finished_at)
         VALUES ($id, $file, $sha, 'contacts', 'contacts', $rows, $good, $dups, $bad, now(), now())`,
        { id: batchId, file: displayName, sha: sha256, rows: counts!.rows, good: counts!.distinct_good,
          dups: counts!.good - counts!.distinct_good, bad: counts!.bad },
      );
      return {
        file, format: 'contacts', batchId, rowsRead: counts!.rows, messages: counts!.distinct_good, systemRows: 0,
        duplicates: counts!.good - counts!.distinct_good, rejects: counts!.bad,
        rejectsByReason: Object.fromEntries(reasons.map((r) => [r.reason, r.n])),
      };
    });
  } finally {
    utf8.dispose();
  }
}
