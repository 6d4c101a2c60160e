/**
 * A small warehouse with every table of the enrichment and segment contracts, filled
 * deterministically in SQL (no personal data: keys 'S00000042', texts "mensaje de prueba"). The
 * segment tables are computed here from the enrichment tables by the contract's rules (inbound
 * only, a message with two issues counts under both, unknown = 'desconocido', suppressed when
 * distinct senders < k), so report tests can compare what the report shows with them.
 */
import { readFileSync } from 'node:fs';
import { listValue } from '@duckdb/node-api';
import { loadCountryData } from '../../src/enrich/country-data.ts';
import type { Warehouse } from '../../src/db/warehouse.ts';

export const FIXTURE_ISSUES = [
  'seguridad', 'economia', 'salud', 'educacion', 'corrupcion', 'agua',
  'migracion', 'medio_ambiente', 'transporte', 'vivienda', 'campo', 'mujeres',
];
export const FIXTURE_AGE_BANDS = ['18-24', '25-34', '35-44', '45-54', '55-64', '65+'];

export interface FixtureOptions {
  senders?: number;
  /** Skip these tables (to test how the report degrades). */
  without?: string[];
  /** First local day of the week of messages. */
  firstDay?: string;
  days?: number;
}

export async function createReportFixture(warehouse: Warehouse, options: FixtureOptions = {}): Promise<void> {
  const senders = options.senders ?? 900;
  const days = options.days ?? 7;
  const firstDay = options.firstDay ?? '2024-05-13';
  const states = listValue([...loadCountryData().states].sort((a, b) => b.population2020 - a.population2020).map((s) => s.isoCode));
  const issues = listValue(FIXTURE_ISSUES);

  // u(i, salt): a deterministic number in [0, 1).
  await warehouse.run('CREATE OR REPLACE TEMP MACRO u(i, salt) AS (hash(i, salt) % 1000003) / 1000003.0');
  await warehouse.run(
    `CREATE TABLE sender_enrichment AS
     SELECT 'S' || lpad(CAST(i AS VARCHAR), 8, '0') AS sender_key, 'MX' AS country,
            CASE WHEN u(i, 1) < 0.08 THEN NULL ELSE list_extract($states, 1 + CAST(floor(32 * pow(u(i, 2), 2.2)) AS INTEGER)) END AS state_code,
            CASE WHEN u(i, 1) < 0.08 THEN NULL WHEN u(i, 3) < 0.5 THEN 'declared' ELSE 'area_code' END AS state_source,
            CASE WHEN u(i, 1) < 0.08 THEN NULL ELSE 0.9 END AS state_confidence,
            'America/Mexico_City' AS time_zone,
            CAST(NULL AS INTEGER) AS age,
            CASE WHEN u(i, 4) < 0.15 THEN NULL ELSE list_extract($bands, 1 + CAST(floor(6 * pow(u(i, 5), 3)) AS INTEGER)) END AS age_band,
            CASE WHEN u(i, 4) < 0.15 THEN NULL ELSE 'declared' END AS age_source,
            CASE WHEN u(i, 4) < 0.15 THEN NULL ELSE 1.0 END AS age_confidence,
            u(i, 6) < 0.05 AS opted_out, CAST(NULL AS TIMESTAMPTZ) AS opted_out_at, CAST(NULL AS VARCHAR) AS optout_message_id
     FROM range($senders) t(i)`,
    { senders, states, bands: listValue(FIXTURE_AGE_BANDS) },
  );
  await warehouse.run(
    `CREATE TABLE message_enrichment AS
     WITH inbound AS (
       SELECT i, j, 'S' || lpad(CAST(i AS VARCHAR), 8, '0') AS sender_key,
              CAST($firstDay AS TIMESTAMP) + to_days(CAST(floor($days * u(i * 100 + j, 7)) AS INTEGER))
                + to_hours(CAST(floor(24 * pow(u(i * 100 + j, 8), 0.6)) AS INTEGER))
                + to_minutes(CAST(floor(60 * u(i * 100 + j, 9)) AS INTEGER)) AS local_time,
              list_extract($issues, 1 + CAST(floor(12 * pow(u(i * 100 + j, 10), 1.7)) AS INTEGER)) AS first_issue,
              list_extract($issues, 1 + CAST(floor(12 * u(i * 100 + j, 11)) AS INTEGER)) AS second_issue,
              u(i * 100 + j, 12) AS roll
       FROM range($senders) s(i), range(1 + CAST(floor(12 * pow(u(i, 13), 1.5)) AS INTEGER)) m(j)
     ), labelled AS (
       SELECT *, CASE WHEN roll < 0.12 THEN CAST([] AS VARCHAR[])
                      WHEN roll > 0.85 AND second_issue <> first_issue THEN [first_issue, second_issue]
                      ELSE [first_issue] END AS issues
       FROM inbound
     )
     SELECT 'M' || lpad(CAST(i AS VARCHAR), 8, '0') || '-' || j AS message_id, sender_key, 'in' AS direction,
            timezone('America/Mexico_City', local_time) AS sent_at,
            coalesce(issues[1], 'sin_tema') AS primary_issue, issues,
            CASE WHEN len(issues) = 0 THEN NULL ELSE 'rules' END AS issue_source,
            local_time, isodow(local_time) AS local_weekday, hour(local_time) AS local_hour,
            CASE WHEN hour(local_time) < 6 THEN 'madrugada' WHEN hour(local_time) < 12 THEN 'manana'
                 WHEN hour(local_time) < 19 THEN 'tarde' ELSE 'noche' END AS day_part,
            CASE WHEN isodow(local_time) >= 6 THEN 'weekend' ELSE 'weekday' END AS week_part,
            CAST(NULL AS VARCHAR) AS time_slot,
            CASE WHEN len(issues) = 0 AND roll < 0.04 THEN 'greeting' END AS noise,
            CAST(NULL AS VARCHAR) AS chain_id, 1 AS chain_size, CAST(NULL AS VARCHAR) AS optout_event, CAST(NULL AS INTEGER) AS stated_age
     FROM labelled`,
    { senders, days, firstDay, issues },
  );
  await warehouse.run("UPDATE message_enrichment SET time_slot = week_part || '_' || day_part");
  // Replies: the campaign answers about 45% of inbound messages, 5 minutes to 2 days later.
  await warehouse.run(
    `INSERT INTO message_enrichment
     SELECT 'R' || message_id, sender_key, 'out', sent_at + to_minutes(CAST(5 + floor(2880 * pow(u(hash(message_id), 14), 3)) AS INTEGER)),
            'sin_tema', CAST([] AS VARCHAR[]), NULL, local_time, local_weekday, local_hour, day_part, week_part, time_slot,
            NULL, NULL, 1, NULL, NULL
     FROM message_enrichment WHERE direction = 'in' AND u(hash(message_id), 15) < 0.45`,
  );
  await warehouse.run(
    `INSERT INTO import_batches (batch_id, file, sha256, format, kind, rows_read, messages, system_rows, duplicates, rejects, started_at, finished_at)
     VALUES (1, 'fixture-messages.csv', 'abc', 'csv', 'messages', 0, 0, 0, 0, 3, TIMESTAMPTZ '2024-05-20 10:00:00+00', TIMESTAMPTZ '2024-05-20 10:00:05+00')`,
  );
  await warehouse.run(
    `INSERT INTO messages (message_id, content_key, sender_key, sender_name, sender_resolved, sent_at, direction, body, media, batch_id, source_file, source_line, extra)
     SELECT message_id, 'c' || message_id, sender_key, NULL, true, sent_at, direction, 'mensaje de prueba', NULL, 1, 'fixture-messages.csv',
            row_number() OVER (ORDER BY message_id) + 1, NULL
     FROM message_enrichment`,
  );
  await warehouse.run(`UPDATE import_batches SET rows_read = (SELECT count(*) + 3 FROM messages), messages = (SELECT count(*) FROM messages)`);
  await warehouse.run(
    `INSERT INTO rejects (batch_id, source_file, source_line, raw, reason) VALUES (1, 'fixture-messages.csv', 2, 'x,,2024-13-40', 'bad sent_at'),
       (1, 'fixture-messages.csv', 9, 'y,abc,2024-05-13T10:00:00Z', 'invalid phone number'),
       (1, 'fixture-messages.csv', 17, 'z,+52 55 •••• 0000,2024-05-13', 'bad sent_at')`,
  );
  await buildSegmentTables(warehouse, new Set(options.without ?? []));
}

/** The contract's segment tables, computed from message_enrichment and sender_enrichment. */
async function buildSegmentTables(warehouse: Warehouse, without: Set<string>): Promise<void> {
  const k = Number(await warehouse.scalar("SELECT value FROM settings WHERE key = 'k_anonymity'"));
  await warehouse.run(
    `CREATE TEMP TABLE fixture_inbound AS
     SELECT m.*, CASE WHEN len(list_filter(m.issues, i -> i <> 'sin_tema')) = 0 THEN ['sin_tema']
                      ELSE list_distinct(list_filter(m.issues, i -> i <> 'sin_tema')) END AS issue_list,
            coalesce(s.state_code, 'desconocido') AS state, coalesce(s.age_band, 'desconocido') AS band
     FROM message_enrichment m JOIN sender_enrichment s USING (sender_key) WHERE m.direction = 'in'`,
  );
  const grouped = (keys: string, byIssue: boolean) =>
    `SELECT ${keys}, count(*) AS messages, count(DISTINCT sender_key) AS senders, count(DISTINCT sender_key) < ${k} AS suppressed
     FROM ${byIssue ? '(SELECT *, unnest(issue_list) AS issue FROM fixture_inbound)' : 'fixture_inbound'} GROUP BY ALL`;
  const tables: Record<string, string> = {
    segment_issue_state: grouped('issue, state AS state_code', true),
    segment_issue_age: grouped('issue, band AS age_band', true),
    segment_state_time_of_week: grouped('state AS state_code, local_weekday, local_hour, time_slot', false),
    segment_issue_time_of_week: grouped('issue, local_weekday, local_hour, time_slot', true),
    segment_cube: grouped('issue, band AS age_band, state AS state_code, time_slot', true),
    contact_profile: `
      SELECT s.sender_key, min(m.sent_at) AS first_seen, max(m.sent_at) AS last_seen,
             count(*) FILTER (m.direction = 'in') AS messages_in, count(*) FILTER (m.direction = 'out') AS messages_out,
             coalesce(mode(m.primary_issue) FILTER (m.direction = 'in' AND m.primary_issue <> 'sin_tema'), 'sin_tema') AS primary_issue,
             CAST([] AS STRUCT(issue VARCHAR, share DOUBLE)[]) AS issue_ranking,
             coalesce(s.state_code, 'desconocido') AS state_code, s.state_source, s.state_confidence,
             coalesce(s.age_band, 'desconocido') AS age_band, s.age_source, s.opted_out,
             bool_and(m.noise IS NOT NULL) FILTER (m.direction = 'in') AS noise_only,
             mode(m.day_part) FILTER (m.direction = 'in') AS best_day_part, mode(m.week_part) FILTER (m.direction = 'in') AS best_week_part
      FROM sender_enrichment s JOIN message_enrichment m USING (sender_key)
      GROUP BY s.sender_key, s.state_code, s.state_source, s.state_confidence, s.age_band, s.age_source, s.opted_out`,
    audience_members: `
      SELECT sender_key, primary_issue || ':' || state_code || ':' || age_band AS silo_key
      FROM contact_profile WHERE messages_in > 0 AND NOT opted_out AND NOT coalesce(noise_only, false)`,
    audience_silos: `
      SELECT m.silo_key, p.primary_issue, p.state_code, p.age_band, count(*) AS contacts, count(*) < ${k} AS suppressed
      FROM audience_members m JOIN contact_profile p USING (sender_key) GROUP BY ALL`,
    response_backlog: `
      WITH replies AS (
        SELECT i.message_id, min(o.sent_at) AS replied_at
        FROM fixture_inbound i JOIN message_enrichment o ON o.sender_key = i.sender_key AND o.direction = 'out' AND o.sent_at > i.sent_at
        GROUP BY i.message_id
      )
      SELECT issue, state AS state_code, CAST(timezone('America/Mexico_City', i.sent_at) AS DATE) AS day, count(*) AS inbound,
             count(r.replied_at) AS answered, count(*) - count(r.replied_at) AS unanswered,
             median((epoch(r.replied_at) - epoch(i.sent_at)) / 60.0) AS median_minutes_to_reply,
             count(DISTINCT sender_key) AS senders, count(DISTINCT sender_key) < ${k} AS suppressed
      FROM (SELECT *, unnest(issue_list) AS issue FROM fixture_inbound) i LEFT JOIN replies r USING (message_id)
      GROUP BY ALL`,
  };
  for (const [name, sql] of Object.entries(tables)) {
    if (!without.has(name)) await warehouse.run(`CREATE TABLE ${name} AS ${sql}`);
  }
  for (const model of ['messages_per_day', 'messages_by_hour_of_week']) {
    if (without.has(model)) continue;
    const sql = readFileSync(new URL(`../../sql/${model}.sql`, import.meta.url), 'utf8');
    await warehouse.run(`CREATE TABLE ${model} AS ${sql.replace(/^--.*$/gm, '')}`);
  }
  for (const name of without) {
    if (name === 'message_enrichment' || name === 'sender_enrichment') await warehouse.run(`DROP TABLE IF EXISTS ${name}`);
  }
  await warehouse.run('DROP TABLE fixture_inbound');
}
