/**
 * The enrichment contract tables (docs/enrichment.md), assembled from the steps' temp tables.
 * Segments, reports and views read only these two tables and message_issues.
 */
import type { Warehouse } from '../db/warehouse.ts';
import { statedAgeSql } from './message-signals-step.ts';

/** Day parts by local hour: madrugada 0-5, manana 6-11, tarde 12-18, noche 19-23. */
export const DAY_PART_SQL = (hour: string) =>
  `CASE WHEN ${hour} < 6 THEN 'madrugada' WHEN ${hour} < 12 THEN 'manana' WHEN ${hour} < 19 THEN 'tarde' ELSE 'noche' END`;

/** The six local-time columns of message_enrichment from a local wall-clock TIMESTAMP expression. */
function localColumnsSql(localTime: string): string {
  const hour = `hour(${localTime})::INTEGER`;
  const weekPart = `CASE WHEN isodow(${localTime}) >= 6 THEN 'weekend' ELSE 'weekday' END`;
  return `${localTime} AS local_time, isodow(${localTime})::INTEGER AS local_weekday, ${hour} AS local_hour,
          ${DAY_PART_SQL(hour)} AS day_part, ${weekPart} AS week_part, (${weekPart}) || '_' || ${DAY_PART_SQL(hour)} AS time_slot`;
}

/** Where the scope's issue labels come from: the classifier's per-text results, or the labels already stored. */
export type IssueSource = 'classifier' | 'stored' | 'none';

/**
 * The message_enrichment rows of the scope (enrich_scope): one row per message (inbound and outbound). Text
 * signals (noise, opt-out, stated age) are read from inbound messages only: outbound rows are the campaign's own
 * replies. Noise, one value per message, first that applies: spam (links with promotions, sales, scams, chain
 * letters; with no issue also insults, heckling, laughter or keyboard mashing; mocking emoji alone) > media
 * (attachment with no text; 'sticker' for stickers) > emoji only (waving hand -> greeting, cheering -> support, else
 * sticker) > greeting, courtesy or a ping only > support with no issue. Opt-out and opt-in messages are never noise.
 */
export function messageEnrichmentSql(issues: IssueSource): string {
  const issueJoin = issues === 'classifier'
    ? 'LEFT JOIN enrich_doc_issues i ON i.body_id = m.body_id'
    : issues === 'stored'
      ? 'LEFT JOIN message_issue_summary i ON i.message_id = m.message_id'
      : 'LEFT JOIN (SELECT NULL::VARCHAR AS primary_issue, NULL::VARCHAR[] AS issues, NULL::VARCHAR AS issue_source) i ON false';
  return `
    WITH base AS (
      SELECT m.message_id, m.sender_key, m.direction, m.sent_at, m.media,
             coalesce(i.primary_issue, 'sin_tema') AS primary_issue,
             coalesce(i.issues, []::VARCHAR[]) AS issues,
             i.issue_source,
             make_timestamp(epoch_us(m.sent_at) + o.offset_us) AS local_time,
             s.optout_event, CASE WHEN ch.text_id IS NULL THEN ${statedAgeSql('s', 'm.sent_at')} END AS stated_age,
             s.spam, s.insult, s.repeated, s.laugh, s.greeting, s.support, s.emoji_kind, coalesce(s.no_words, true) AS no_words,
             ch.chain_id, ch.chain_size
      FROM (SELECT *, epoch_us(sent_at) // ${SLOT_US} AS slot FROM enrich_scope) m
      LEFT JOIN enrich_geo g USING (sender_key)
      LEFT JOIN enrich_zone_offsets o ON o.zone_id = g.zone_id AND o.slot = m.slot
      ${issueJoin}
      LEFT JOIN enrich_signals s ON s.body_id = m.body_id
      LEFT JOIN enrichment_chain_assign ch ON ch.text_id = s.text_id
    ),
    timed AS (
      SELECT *, isodow(local_time)::INTEGER AS local_weekday, hour(local_time)::INTEGER AS local_hour,
             len(issues) = 0 AS no_issue
      FROM base
    )
    SELECT message_id, sender_key, direction, sent_at, primary_issue, issues, issue_source,
           local_time, local_weekday, local_hour,
           ${DAY_PART_SQL('local_hour')} AS day_part,
           CASE WHEN local_weekday >= 6 THEN 'weekend' ELSE 'weekday' END AS week_part,
           (CASE WHEN local_weekday >= 6 THEN 'weekend' ELSE 'weekday' END) || '_' || ${DAY_PART_SQL('local_hour')} AS time_slot,
           CASE WHEN direction <> 'in' OR optout_event IS NOT NULL THEN NULL
                WHEN spam OR (no_issue AND (insult OR laugh OR (repeated AND NOT greeting AND NOT support))) OR emoji_kind = 'mocking' THEN 'spam'
                WHEN media IS NOT NULL AND no_words THEN CASE WHEN media = 'sticker' THEN 'sticker' ELSE 'media' END
                WHEN emoji_kind = 'greeting' THEN 'greeting'
                WHEN emoji_kind = 'support' THEN 'support'
                WHEN emoji_kind = 'other' THEN 'sticker'
                WHEN greeting AND no_issue THEN 'greeting'
                WHEN support AND no_issue THEN 'support'
           END AS noise,
           chain_id, chain_size::INTEGER AS chain_size,
           CASE WHEN direction = 'in' THEN optout_event END AS optout_event,
           CASE WHEN direction = 'in' THEN stated_age END::INTEGER AS stated_age
    FROM timed`;
}

/**
 * What the message_enrichment write needs, prepared before the write's transaction (temp tables built inside a
 * transaction cost far more): the zone offsets; for an incremental run, enrich_retimed (older messages of senders
 * whose time zone changed, with their new local time columns) and enrich_rechained (older messages of texts whose
 * chain changed). Returns the older rows to rewrite.
 */
export async function prepareMessageEnrichment(warehouse: Warehouse, full: boolean): Promise<number> {
  await buildZoneOffsets(warehouse);
  if (full) {
    await warehouse.run(`
      CREATE OR REPLACE TEMP TABLE enrich_retimed AS SELECT NULL::VARCHAR AS message_id WHERE false;
      CREATE OR REPLACE TEMP TABLE enrich_rechained AS SELECT NULL::VARCHAR AS message_id, NULL::VARCHAR AS sender_key, false AS size_only WHERE false`);
    return 0;
  }
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE enrich_retimed AS
    SELECT message_id, ${localColumnsSql('lt')} FROM (
      SELECT e.message_id,
             make_timestamp(epoch_us(e.sent_at) + epoch_us(timezone(z.time_zone, to_timestamp((epoch_us(e.sent_at) // ${SLOT_US}) * ${SLOT_US / 1_000_000})))
                            - (epoch_us(e.sent_at) // ${SLOT_US}) * ${SLOT_US}) AS lt
      FROM message_enrichment e JOIN enrich_zone_changed z USING (sender_key)
    )`);
  // Older messages of texts whose chain changed (a chain grew, merged, or a text became one). Mostly only the size
  // changes: that column alone is then updated (an update rewrites its columns at the next checkpoint, and a
  // VARCHAR column costs far more than an integer one).
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE enrich_rechained AS
    SELECT m.message_id, m.sender_key, c.chain_id, c.chain_size, CASE WHEN c.is_chain THEN NULL ELSE ev.stated_age END AS stated_age,
           c.was_chain AND c.is_chain AND c.old_chain_id = c.chain_id AS size_only
    FROM enrichment_chain_members m JOIN enrich_chain_changes c USING (text_id)
    LEFT JOIN enrichment_events ev USING (message_id)
    ANTI JOIN enrich_scope s USING (message_id)`);
  return warehouse.scalar<number>('SELECT (SELECT count(*) FROM enrich_retimed) + (SELECT count(*) FROM enrich_rechained)');
}

/**
 * Writes the scope's message_enrichment rows: a full run replaces the table; an incremental one first rewrites
 * the older rows prepareMessageEnrichment found, then appends the new messages. Returns the rows written.
 */
export async function writeMessageEnrichment(warehouse: Warehouse, full: boolean, issues: IssueSource): Promise<number> {
  if (full) {
    await warehouse.run(`CREATE OR REPLACE TABLE message_enrichment AS ${messageEnrichmentSql(issues)}`);
    return warehouse.scalar<number>('SELECT count(*) FROM message_enrichment');
  }
  const counts = await warehouse.one<{ retimed: number; size_only: number; other: number }>(`
    SELECT (SELECT count(*) FROM enrich_retimed) AS retimed,
           count(*) FILTER (WHERE size_only) AS size_only, count(*) FILTER (WHERE NOT size_only) AS other FROM enrich_rechained`);
  if (counts?.retimed) {
    await warehouse.run(`
      UPDATE message_enrichment AS e SET local_time = x.local_time, local_weekday = x.local_weekday, local_hour = x.local_hour,
             day_part = x.day_part, week_part = x.week_part, time_slot = x.time_slot
      FROM enrich_retimed x WHERE e.message_id = x.message_id`);
  }
  if (counts?.size_only) {
    await warehouse.run(`
      UPDATE message_enrichment AS e SET chain_size = x.chain_size
      FROM (SELECT message_id, chain_size FROM enrich_rechained WHERE size_only) x WHERE e.message_id = x.message_id`);
  }
  if (counts?.other) {
    await warehouse.run(`
      UPDATE message_enrichment AS e SET chain_id = x.chain_id, chain_size = x.chain_size, stated_age = x.stated_age
      FROM (SELECT * FROM enrich_rechained WHERE NOT size_only) x WHERE e.message_id = x.message_id`);
  }
  await warehouse.run(`INSERT INTO message_enrichment ${messageEnrichmentSql(issues)}`);
  return (counts?.retimed ?? 0) + (counts?.size_only ?? 0) + (counts?.other ?? 0) + (await warehouse.scalar<number>('SELECT count(*) FROM enrich_scope'));
}

/** Offsets are looked up per zone and quarter hour (every zone changes offset on a quarter hour). */
const SLOT_US = 900_000_000;

/**
 * enrich_zone_offsets(zone_id, slot, offset_us): each zone's UTC offset for every quarter hour the scope's messages
 * span. Converting a million timestamps one by one through the time-zone library is slow; adding an offset
 * looked up by zone and quarter hour is integer arithmetic, and exact across daylight-saving changes.
 */
async function buildZoneOffsets(warehouse: Warehouse): Promise<void> {
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE enrich_zone_offsets AS
    WITH zones AS (SELECT DISTINCT zone_id, time_zone FROM enrich_geo),
    span AS (SELECT min(epoch_us(sent_at)) // ${SLOT_US} AS lo, max(epoch_us(sent_at)) // ${SLOT_US} AS hi FROM enrich_scope),
    slots AS (SELECT unnest(range(lo, hi + 1)) AS slot FROM span WHERE lo IS NOT NULL)
    SELECT z.zone_id, s.slot,
           epoch_us(timezone(z.time_zone, to_timestamp(s.slot * ${SLOT_US / 1_000_000}))) - s.slot * ${SLOT_US} AS offset_us
    FROM zones z, slots s`);
}

/**
 * sender_enrichment rows of enrich_senders (enrich_sender_rows): opted out when the sender's last opt-out/opt-in
 * message is an opt-out; opted_out_at and optout_message_id name that message. Leaves in enrich_changed_senders the
 * senders whose row changed (full: all) and in enrich_zone_changed(sender_key, time_zone) those whose time zone
 * changed (their older messages' local times are rewritten). Returns the rows that changed.
 */
export async function prepareSenderEnrichment(warehouse: Warehouse, full: boolean): Promise<number> {
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE enrich_sender_rows AS
    WITH last_event AS (
      SELECT sender_key, message_id, sent_at, optout_event
      FROM enrichment_events SEMI JOIN enrich_senders USING (sender_key) WHERE optout_event IS NOT NULL
      QUALIFY row_number() OVER (PARTITION BY sender_key ORDER BY sent_at DESC, message_id DESC) = 1
    )
    SELECT s.sender_key, g.country, g.state_code, g.state_source, g.state_confidence, g.time_zone,
           a.age, a.age_band, a.age_source, a.age_confidence,
           coalesce(e.optout_event = 'optout', false) AS opted_out,
           CASE WHEN e.optout_event = 'optout' THEN e.sent_at END AS opted_out_at,
           CASE WHEN e.optout_event = 'optout' THEN e.message_id END AS optout_message_id
    FROM enrich_senders s
    LEFT JOIN enrich_geo g USING (sender_key)
    LEFT JOIN enrich_age a USING (sender_key)
    LEFT JOIN last_event e USING (sender_key)`);
  if (full) {
    await warehouse.run('CREATE OR REPLACE TEMP TABLE enrich_changed_senders AS SELECT sender_key, false AS zone_changed, time_zone FROM enrich_sender_rows');
  } else {
    await warehouse.run(`
      CREATE OR REPLACE TEMP TABLE enrich_changed_senders AS
      SELECT n.sender_key, o.sender_key IS NOT NULL AND n.time_zone IS DISTINCT FROM o.time_zone AS zone_changed, n.time_zone
      FROM enrich_sender_rows n LEFT JOIN sender_enrichment o USING (sender_key)
      WHERE o.sender_key IS NULL OR n IS DISTINCT FROM o`);
  }
  await warehouse.run(
    'CREATE OR REPLACE TEMP TABLE enrich_zone_changed AS SELECT sender_key, time_zone FROM enrich_changed_senders WHERE zone_changed');
  return warehouse.scalar<number>('SELECT count(*) FROM enrich_changed_senders');
}

/** Writes what prepareSenderEnrichment found: the whole table (full) or the rows that changed. */
export async function writeSenderEnrichment(warehouse: Warehouse, full: boolean): Promise<number> {
  if (full) {
    await warehouse.run('CREATE OR REPLACE TABLE sender_enrichment AS SELECT * FROM enrich_sender_rows');
  } else {
    await warehouse.run(`
      DELETE FROM sender_enrichment WHERE sender_key IN (SELECT sender_key FROM enrich_changed_senders);
      INSERT INTO sender_enrichment SELECT * FROM enrich_sender_rows SEMI JOIN enrich_changed_senders USING (sender_key)`);
  }
  return warehouse.scalar<number>('SELECT count(*) FROM enrich_changed_senders');
}
