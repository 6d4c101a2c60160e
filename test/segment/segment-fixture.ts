/**
 * Warehouses with the enrichment contract's tables filled directly, so the segment models can be
 * tested without `buzon enrich`: from the small hand-written fixture in test/fixtures/segment/, or
 * synthesised in SQL (deterministic from a seed) at any size.
 */
import { readFileSync } from 'node:fs';
import type { BuzonContext } from '../../src/db/context.ts';
import type { Warehouse } from '../../src/db/warehouse.ts';
import { quoteLiteral } from '../../src/db/sql-identifiers.ts';

export const FIXTURE_DIR = new URL('../fixtures/segment/', import.meta.url).pathname;

/** The enrichment contract's three tables, exactly its columns, empty. */
export async function createEnrichmentTables(warehouse: Warehouse): Promise<void> {
  await warehouse.run(`
    CREATE OR REPLACE TABLE message_enrichment (
      message_id VARCHAR, sender_key VARCHAR, direction VARCHAR, sent_at TIMESTAMPTZ,
      primary_issue VARCHAR, issues VARCHAR[], issue_source VARCHAR,
      local_time TIMESTAMP, local_weekday INTEGER, local_hour INTEGER, day_part VARCHAR, week_part VARCHAR, time_slot VARCHAR,
      noise VARCHAR, chain_id VARCHAR, chain_size INTEGER, optout_event VARCHAR, stated_age INTEGER);
    CREATE OR REPLACE TABLE message_issues (message_id VARCHAR, issue VARCHAR, confidence DOUBLE, source VARCHAR);
    CREATE OR REPLACE TABLE sender_enrichment (
      sender_key VARCHAR, country VARCHAR, state_code VARCHAR, state_source VARCHAR, state_confidence DOUBLE,
      time_zone VARCHAR, age INTEGER, age_band VARCHAR, age_source VARCHAR, age_confidence DOUBLE,
      opted_out BOOLEAN, opted_out_at TIMESTAMPTZ, optout_message_id VARCHAR);`);
}

/** Local time columns of message_enrichment from `sent_at` and a time-zone expression. */
function localTimeColumns(tzExpr: string): string {
  return `
    timezone(${tzExpr}, sent_at) AS local_time,
    isodow(local_time) AS local_weekday,
    hour(local_time) AS local_hour,
    CASE WHEN local_hour < 6 THEN 'madrugada' WHEN local_hour < 12 THEN 'manana' WHEN local_hour < 19 THEN 'tarde' ELSE 'noche' END AS day_part,
    CASE WHEN local_weekday >= 6 THEN 'weekend' ELSE 'weekday' END AS week_part,
    week_part || '_' || day_part AS time_slot`;
}

/** Sender key of a fixture sender name: stable, hex-looking, never a phone number. */
export function fixtureSenderKey(name: string): string {
  return `f${Buffer.from(name).toString('hex')}`.padEnd(32, '0').slice(0, 32);
}

/**
 * Loads test/fixtures/segment/{messages,senders}.csv: messages (one import batch), phones in
 * contact_phones, and the enrichment tables as the contract describes them.
 */
export async function loadSegmentFixture(context: BuzonContext, dir = FIXTURE_DIR): Promise<void> {
  const { warehouse } = context;
  await createEnrichmentTables(warehouse);
  const messages = `${dir}messages.csv`;
  const senders = `${dir}senders.csv`;
  const batch = await nextBatch(warehouse, messages);
  const keyOf = (expr: string) => `'f' || rpad(lower(hex(${expr})), 31, '0')[1:31]`;
  const sendersSql = `read_csv(${quoteLiteral(senders)}, header = true, all_varchar = true)`;
  const messagesSql = `read_csv(${quoteLiteral(messages)}, header = true, all_varchar = true)`;
  await warehouse.run(`
    INSERT INTO messages (message_id, content_key, sender_key, sender_name, sent_at, direction, body, batch_id, source_file, source_line)
    SELECT message_id, md5(message_id), ${keyOf('sender')}, sender, CAST(sent_at AS TIMESTAMPTZ), direction, body, ${batch},
           'messages.csv', row_number() OVER () + 1
    FROM ${messagesSql}`);
  await warehouse.run(`
    INSERT INTO contact_phones (sender_key, e164, batch_id)
    SELECT ${keyOf('sender')}, phone, ${batch} FROM ${sendersSql}`);
  await warehouse.run(`
    INSERT INTO sender_enrichment
    SELECT ${keyOf('sender')}, 'MX', nullif(state_code, ''), nullif(state_source, ''), CAST(nullif(state_confidence, '') AS DOUBLE),
           coalesce(nullif(time_zone, ''), 'America/Mexico_City'), NULL, nullif(age_band, ''), nullif(age_source, ''), NULL,
           opted_out = '1', NULL, NULL
    FROM ${sendersSql}`);
  await warehouse.run(`
    INSERT INTO message_enrichment
    WITH m AS (
      SELECT message_id, ${keyOf('sender')} AS sender_key, direction, CAST(sent_at AS TIMESTAMPTZ) AS sent_at,
             CASE WHEN coalesce(issues, '') = '' THEN [] ELSE string_split(issues, ';') END AS issue_list,
             nullif(noise, '') AS noise, nullif(optout_event, '') AS optout_event
      FROM ${messagesSql}
    )
    SELECT m.message_id, m.sender_key, m.direction, m.sent_at,
           coalesce(m.issue_list[1], 'sin_tema'), m.issue_list, CASE WHEN len(m.issue_list) > 0 THEN 'rules' END,
           ${localTimeColumns('s.time_zone')},
           m.noise, NULL, 1, m.optout_event, NULL
    FROM m JOIN sender_enrichment s USING (sender_key)`);
  await warehouse.run(`
    INSERT INTO message_issues
    SELECT message_id, unnest(issues), 0.9, 'rules' FROM message_enrichment`);
}

async function nextBatch(warehouse: Warehouse, file: string): Promise<number> {
  const batch = await warehouse.scalar<number>("SELECT nextval('import_batch_seq')");
  await warehouse.run(
    `INSERT INTO import_batches (batch_id, file, sha256, format, kind, started_at, finished_at)
     VALUES ($batch, $file, $sha, 'canonical', 'messages', now(), now())`,
    { batch, file, sha: `${file}#${batch}#${readFileSync(file, 'utf8').length}` },
  );
  return batch;
}

export const SYNTH_ISSUES = [
  'seguridad', 'economia', 'salud', 'educacion', 'corrupcion', 'agua',
  'migracion', 'medio_ambiente', 'transporte', 'vivienda', 'campo', 'mujeres',
] as const;
const SYNTH_STATES = ['MX-CMX', 'MX-NLE', 'MX-JAL', 'MX-MEX', 'MX-PUE', 'MX-BCN', 'MX-SON', 'MX-YUC', 'MX-COL'];
const SYNTH_BANDS = ['18-24', '25-34', '35-44', '45-54', '55-64', '65+'];

export interface SynthOptions {
  /** Messages in this batch (in and out). */
  messages: number;
  /** Size of the pool senders are drawn from (skewed: low numbers write more). */
  senders: number;
  seed?: number;
}

/**
 * Adds one batch of synthetic messages, then re-derives the three enrichment tables for every
 * message, the way a full `buzon enrich` run would. Attributes are a deterministic function of
 * the sender (and seed), so a second batch leaves earlier messages' enrichment unchanged.
 */
export async function addSyntheticBatch(context: BuzonContext, options: SynthOptions): Promise<number> {
  const { warehouse } = context;
  const seed = options.seed ?? 1;
  const batch = await warehouse.scalar<number>("SELECT nextval('import_batch_seq')");
  await warehouse.run(
    `INSERT INTO import_batches (batch_id, file, sha256, format, kind, messages, started_at, finished_at)
     VALUES ($batch, 'synthetic', $sha, 'canonical', 'messages', $n, now(), now())`,
    { batch, sha: `synthetic-${seed}-${batch}`, n: options.messages },
  );
  // Sender number: the square of a uniform draw skews activity towards low numbers.
  await warehouse.run(`
    INSERT INTO messages (message_id, content_key, sender_key, sender_name, sent_at, direction, body, batch_id, source_file, source_line)
    SELECT id, md5(id), sender_key, NULL,
           TIMESTAMPTZ '2026-09-14 06:00:00+00' + to_seconds(CAST(hash(id, 's') % 172800 AS BIGINT)),
           CASE WHEN hash(id, 'd') % 100 < 15 THEN 'out' ELSE 'in' END,
           'texto ' || id, $batch, 'synthetic', i + 1
    FROM (
      SELECT i, 'syn-' || $seed || '-' || $batch || '-' || i AS id,
             md5('sender-' || $seed || '-' || CAST(floor(pow((hash(i, $seed, $batch) % 1000003) / 1000003.0, 2) * $senders) AS BIGINT))[1:32] AS sender_key
      FROM range($n) t(i)
    )`, { batch, seed, n: options.messages, senders: options.senders });
  await rederiveSyntheticEnrichment(warehouse, seed);
  return batch;
}

/** Every sender's attributes and every message's labels, as pure functions of the ids and the seed. */
export async function rederiveSyntheticEnrichment(warehouse: Warehouse, seed = 1): Promise<void> {
  const states = `[${SYNTH_STATES.map(quoteLiteral).join(', ')}]`;
  const bands = `[${SYNTH_BANDS.map(quoteLiteral).join(', ')}]`;
  const issues = `[${SYNTH_ISSUES.map(quoteLiteral).join(', ')}]`;
  await createEnrichmentTables(warehouse);
  // 1 in 25 senders only ever sends greetings (noise-only); 1 in 30 opted out.
  await warehouse.run(`
    INSERT INTO sender_enrichment
    SELECT sender_key, 'MX', state_code, CASE WHEN state_code IS NOT NULL THEN 'area_code' END, CASE WHEN state_code IS NOT NULL THEN 0.8 END,
           CASE state_code WHEN 'MX-BCN' THEN 'America/Tijuana' WHEN 'MX-SON' THEN 'America/Hermosillo' WHEN 'MX-YUC' THEN 'America/Merida'
                           ELSE 'America/Mexico_City' END,
           NULL, age_band, CASE WHEN age_band IS NOT NULL THEN 'declared' END, CASE WHEN age_band IS NOT NULL THEN 1.0 END,
           hash(sender_key, $seed, 'o') % 30 = 0, NULL, NULL
    FROM (
      SELECT sender_key,
             CASE WHEN hash(sender_key, $seed, 's') % 10 = 0 THEN NULL
                  ELSE ${states}[CAST(1 + hash(sender_key, $seed, 'st') % ${SYNTH_STATES.length} AS BIGINT)] END AS state_code,
             CASE WHEN hash(sender_key, $seed, 'a') % 5 = 0 THEN NULL
                  ELSE ${bands}[CAST(1 + hash(sender_key, $seed, 'ab') % ${SYNTH_BANDS.length} AS BIGINT)] END AS age_band
      FROM (SELECT DISTINCT sender_key FROM messages)
    )`, { seed });
  // A sender has a favourite issue (60% of labelled messages); 1 in 8 messages has none, 1 in 5 has two.
  await warehouse.run(`
    INSERT INTO message_enrichment
    WITH m AS (
      SELECT msg.message_id, msg.sender_key, msg.direction, msg.sent_at, s.time_zone,
             hash(msg.sender_key, $seed, 'greeter') % 25 = 0 AS greeter,
             ${issues}[CAST(1 + hash(msg.sender_key, $seed, 'fav') % 12 AS BIGINT)] AS favourite,
             ${issues}[CAST(1 + hash(msg.message_id, 'i1') % 12 AS BIGINT)] AS other,
             ${issues}[CAST(1 + hash(msg.message_id, 'i2') % 12 AS BIGINT)] AS second,
             hash(msg.message_id, 'r') % 100 AS r
      FROM messages msg JOIN sender_enrichment s USING (sender_key)
    ),
    labelled AS (
      SELECT *,
        CASE WHEN direction = 'out' OR greeter OR r < 12 THEN []
             WHEN r < 32 THEN list_distinct([CASE WHEN r < 24 THEN favourite ELSE other END, second])
             WHEN r < 72 THEN [favourite]
             ELSE [other] END AS issue_list
      FROM m
    )
    SELECT message_id, sender_key, direction, sent_at,
           coalesce(issue_list[1], 'sin_tema'), issue_list, CASE WHEN len(issue_list) > 0 THEN 'rules' END,
           ${localTimeColumns('time_zone')},
           CASE WHEN direction = 'in' AND (greeter OR r BETWEEN 12 AND 15) THEN 'greeting' END,
           NULL, 1, NULL, NULL
    FROM labelled`, { seed });
  await warehouse.run('INSERT INTO message_issues SELECT message_id, unnest(issues), 0.9, \'rules\' FROM message_enrichment');
}

export async function setK(warehouse: Warehouse, k: number): Promise<void> {
  await warehouse.run("UPDATE settings SET value = $k WHERE key = 'k_anonymity'", { k: String(k) });
}
