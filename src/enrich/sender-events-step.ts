/**
 * The per-message facts that sender-level attributes are aggregated from, kept between runs so a new batch
 * only adds its own: opt-out events, stated ages and life-stage hints (enrichment_events; few messages have
 * any), and each sender's last message (enrichment_senders). Places named are in enrichment_mentions
 * (geography-step.ts). Ages and places are kept with the text's chain id candidate (text_id) and left out
 * when read if that text is a chain text by then.
 */
import type { Warehouse } from '../db/warehouse.ts';
import { statedAgeSql } from './message-signals-step.ts';

export async function resetEventTables(warehouse: Warehouse): Promise<void> {
  await warehouse.run(`
    CREATE OR REPLACE TABLE enrichment_events (
      message_id VARCHAR, sender_key VARCHAR, sent_at TIMESTAMPTZ, text_id UBIGINT, optout_event VARCHAR, stated_age INTEGER,
      hint_age INTEGER, hint_confidence DOUBLE);
    CREATE OR REPLACE TABLE enrichment_mentions (
      sender_key VARCHAR, message_id VARCHAR, sent_at TIMESTAMPTZ, text_id UBIGINT, alias VARCHAR, iso_code VARCHAR);
    CREATE OR REPLACE TABLE enrichment_senders (sender_key VARCHAR, last_at TIMESTAMPTZ)`);
}

/** Appends the scope's events and moves each sender's last message forward; returns the events added. */
export async function recordEvents(warehouse: Warehouse, full: boolean): Promise<number> {
  const before = await warehouse.scalar<number>('SELECT count(*) FROM enrichment_events');
  await warehouse.run(`
    INSERT INTO enrichment_events
    SELECT message_id, sender_key, sent_at, text_id, optout_event, stated_age, hint_age, hint_confidence FROM (
      SELECT m.message_id, m.sender_key, m.sent_at, s.text_id, s.optout_event, (${statedAgeSql('s', 'm.sent_at')})::INTEGER AS stated_age,
             s.hint_age::INTEGER AS hint_age, s.hint_confidence::DOUBLE AS hint_confidence
      FROM enrich_scope m JOIN enrich_signals s USING (body_id)
      WHERE s.optout_event IS NOT NULL OR s.hint_age IS NOT NULL OR s.age_found IS NOT NULL OR s.birth_year IS NOT NULL
    ) WHERE optout_event IS NOT NULL OR stated_age IS NOT NULL OR hint_age IS NOT NULL`);
  if (full) {
    await warehouse.run('INSERT INTO enrichment_senders SELECT sender_key, max(sent_at) FROM enrich_scope GROUP BY sender_key');
  } else {
    await warehouse.run(`
      CREATE OR REPLACE TEMP TABLE enrich_last_seen AS SELECT sender_key, max(sent_at) AS last_at FROM enrich_scope GROUP BY sender_key;
      UPDATE enrichment_senders e SET last_at = greatest(e.last_at, n.last_at) FROM enrich_last_seen n WHERE e.sender_key = n.sender_key;
      INSERT INTO enrichment_senders SELECT * FROM enrich_last_seen n ANTI JOIN enrichment_senders e USING (sender_key);
      DROP TABLE enrich_last_seen`);
  }
  return (await warehouse.scalar<number>('SELECT count(*) FROM enrichment_events')) - before;
}
