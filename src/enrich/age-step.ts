/**
 * Each sender's age band: declared in a contact sheet (age, or birth year counted at the year of the sender's
 * last message), else an age the sender stated in a message (the latest), else a life-stage hint ("soy
 * jubilado", "mi primer voto") with low confidence, else unknown.
 */
import type { Warehouse } from '../db/warehouse.ts';
import type { AgeBand } from './enrich-settings.ts';

export const AGE_CONFIDENCE = { declaredAge: 1.0, declaredBirthYear: 0.9, stated: 0.8 } as const;

/**
 * enrich_age(sender_key, age, age_band, age_source, age_confidence) for the senders of enrich_senders with any
 * age signal. Reads the ages stated in messages from enrichment_events (chain texts left out) and each sender's
 * last message from enrichment_senders.
 */
export async function resolveAges(warehouse: Warehouse, bands: AgeBand[]): Promise<number> {
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE enrich_age_bands AS
     SELECT label, lo, hi FROM (SELECT unnest(from_json($bands, '[{"label":"VARCHAR","lo":"INTEGER","hi":"INTEGER"}]'), recursive := true))`,
    { bands: JSON.stringify(bands) },
  );
  const c = AGE_CONFIDENCE;
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE enrich_age AS
    WITH events AS (
      SELECT * FROM enrichment_events SEMI JOIN enrich_senders USING (sender_key)
      WHERE text_id IS NULL OR text_id NOT IN (SELECT text_id FROM enrichment_chain_assign)
    ),
    declared AS (
      SELECT c.sender_key,
             coalesce(c.age, year(coalesce(l.last_at, now())) - c.birth_year) AS age,
             CASE WHEN c.age IS NOT NULL THEN ${c.declaredAge} ELSE ${c.declaredBirthYear} END AS confidence
      FROM (SELECT * FROM contacts SEMI JOIN enrich_senders USING (sender_key)) c LEFT JOIN enrichment_senders l USING (sender_key)
      WHERE c.age IS NOT NULL OR c.birth_year IS NOT NULL
    ),
    stated AS (
      SELECT sender_key, stated_age AS age FROM events WHERE stated_age IS NOT NULL
      QUALIFY row_number() OVER (PARTITION BY sender_key ORDER BY sent_at DESC, message_id DESC) = 1
    ),
    hinted AS (
      SELECT sender_key, hint_age AS age, hint_confidence AS confidence FROM events WHERE hint_age IS NOT NULL
      QUALIFY row_number() OVER (PARTITION BY sender_key ORDER BY hint_confidence DESC, sent_at DESC, hint_age) = 1
    ),
    chosen AS (
      SELECT s.sender_key,
             coalesce(d.age, st.age) AS age,
             coalesce(d.age, st.age, h.age) AS band_age,
             CASE WHEN d.age IS NOT NULL THEN 'declared' WHEN st.age IS NOT NULL OR h.age IS NOT NULL THEN 'message' END AS age_source,
             CASE WHEN d.age IS NOT NULL THEN d.confidence WHEN st.age IS NOT NULL THEN ${c.stated} ELSE h.confidence END AS age_confidence
      FROM enrich_senders s
      LEFT JOIN declared d USING (sender_key)
      LEFT JOIN stated st USING (sender_key)
      LEFT JOIN hinted h USING (sender_key)
      WHERE d.age IS NOT NULL OR st.age IS NOT NULL OR h.age IS NOT NULL
    )
    SELECT ch.sender_key, ch.age::INTEGER AS age, b.label AS age_band, ch.age_source, ch.age_confidence::DOUBLE AS age_confidence
    FROM chosen ch
    LEFT JOIN enrich_age_bands b ON ch.band_age >= b.lo AND (b.hi IS NULL OR ch.band_age <= b.hi)`);
  return warehouse.scalar<number>('SELECT count(*) FROM enrich_age WHERE age_band IS NOT NULL');
}
