/**
 * The enrichment contract tables (docs/enrichment.md), assembled from the steps' temp tables.
 * Segments, reports and views read only these two tables and message_issues.
 */
import type { Warehouse } from '../db/warehouse.ts';
import { statedAgeSql } from './message-signals-step.ts';

/** Day parts by local hour: madrugada 0-5, manana 6-11, tarde 12-18, noche 19-23. */
export const DAY_PART_SQL = (hour: string) =>
  `CASE WHEN ${hour} < 6 THEN 'madrugada' WHEN ${hour} < 12 THEN 'manana' WHEN ${hour} < 19 THEN 'tarde' ELSE 'noche' END`;

/**
 * message_enrichment: one row per message (inbound and outbound). Text signals (noise, opt-out, stated age)
 * are read from inbound messages only: outbound rows are the campaign's own replies.
 * Noise, one value per message, first that applies: spam (links with promotions, sales, scams, chain letters;
 * with no issue also insults, heckling, laughter or keyboard mashing; mocking emoji alone) > media (attachment
 * with no text; 'sticker' for stickers) > emoji only (waving hand -> greeting, cheering -> support, else
 * sticker) > greeting, courtesy or a ping only > support with no issue. Opt-out and opt-in messages are never noise.
 */
export async function assembleMessageEnrichment(warehouse: Warehouse): Promise<number> {
  await buildZoneOffsets(warehouse);
  await warehouse.run(`
    CREATE OR REPLACE TABLE message_enrichment AS
    WITH base AS (
      SELECT m.message_id, m.sender_key, m.direction, m.sent_at, m.media,
             coalesce(i.primary_issue, 'sin_tema') AS primary_issue,
             coalesce(i.issues, []::VARCHAR[]) AS issues,
             i.issue_source,
             make_timestamp(epoch_us(m.sent_at) + o.offset_us) AS local_time,
             s.optout_event, ${statedAgeSql('s', 'm.sent_at')} AS stated_age,
             s.spam, s.insult, s.repeated, s.laugh, s.greeting, s.support, s.emoji_kind, coalesce(s.no_words, true) AS no_words,
             ch.chain_id, ch.chain_size
      FROM (
        -- Join keys computed once; text signals belong to inbound messages only (NULL keys match nothing).
        SELECT message_id, sender_key, direction, sent_at, media, epoch_us(sent_at) // ${SLOT_US} AS slot,
               CASE WHEN direction = 'in' AND body IS NOT NULL THEN hash(body) END AS body_id
        FROM messages
      ) m
      LEFT JOIN enrich_geo g USING (sender_key)
      LEFT JOIN enrich_zone_offsets o ON o.zone_id = g.zone_id AND o.slot = m.slot
      LEFT JOIN message_issue_summary i USING (message_id)
      LEFT JOIN enrich_signals s ON s.body_id = m.body_id
      LEFT JOIN enrich_chains ch ON ch.body_id = m.body_id
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
    FROM timed`);
  return warehouse.scalar<number>('SELECT count(*) FROM message_enrichment');
}

/** Offsets are looked up per zone and quarter hour (every zone changes offset on a quarter hour). */
const SLOT_US = 900_000_000;

/**
 * enrich_zone_offsets(zone_id, slot, offset_us): each zone's UTC offset for every quarter hour the messages
 * span. Converting a million timestamps one by one through the time-zone library is slow; adding an offset
 * looked up by zone and quarter hour is integer arithmetic, and exact across daylight-saving changes.
 */
async function buildZoneOffsets(warehouse: Warehouse): Promise<void> {
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE enrich_zone_offsets AS
    WITH zones AS (SELECT DISTINCT zone_id, time_zone FROM enrich_geo),
    span AS (SELECT min(epoch_us(sent_at)) // ${SLOT_US} AS lo, max(epoch_us(sent_at)) // ${SLOT_US} AS hi FROM messages),
    slots AS (SELECT unnest(range(lo, hi + 1)) AS slot FROM span WHERE lo IS NOT NULL)
    SELECT z.zone_id, s.slot,
           epoch_us(timezone(z.time_zone, to_timestamp(s.slot * ${SLOT_US / 1_000_000}))) - s.slot * ${SLOT_US} AS offset_us
    FROM zones z, slots s`);
}

/**
 * sender_enrichment: one row per sender key (from messages and contact sheets). Opted out when the sender's
 * last opt-out/opt-in message is an opt-out; opted_out_at and optout_message_id name that message.
 */
export async function assembleSenderEnrichment(warehouse: Warehouse): Promise<number> {
  await warehouse.run(`
    CREATE OR REPLACE TABLE sender_enrichment AS
    WITH last_event AS (
      SELECT sender_key, message_id, sent_at, optout_event FROM message_enrichment WHERE optout_event IS NOT NULL
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
  return warehouse.scalar<number>('SELECT count(*) FROM sender_enrichment');
}
