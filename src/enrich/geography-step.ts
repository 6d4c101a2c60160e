/**
 * Where each sender is: the state declared in a contact sheet, else the state their own messages name
 * most, else the one their phone's area code (lada) belongs to; and the time zone that goes with it.
 * Confidence says how much to trust it: an area code shared by two states (55 is Mexico City and much of
 * the State of Mexico) is a guess, not a certainty.
 */
import type { Warehouse } from '../db/warehouse.ts';
import { quoteLiteral } from '../db/sql-identifiers.ts';
import { STRONG_CUE, WEAK_CUE } from './message-signals-step.ts';
import { collapseRepeatsSql } from './message-text-step.ts';
import { aliasKeySql, type ReferenceInfo } from './reference-tables.ts';

export const STATE_CONFIDENCE = {
  declared: 1.0,
  /** Message mentions: base + bonus * share of the sender's mentions that name the winning state. */
  messageBase: 0.6,
  messageShareBonus: 0.25,
  /** Added when the area code agrees with the state named in messages. */
  messageAgreesWithAreaCode: 0.1,
  areaCode: 0.7,
  areaCodeShared: 0.4,
} as const;

/**
 * enrich_senders(sender_key): the senders whose sender-level enrichment is (re)computed. Full: everyone who
 * wrote, was written to, or is in a contact sheet. Incremental: the senders of the new messages, contacts and
 * phones, and the senders of texts that became (or stopped being) chain texts, whose ages and places then count
 * differently.
 */
export async function buildSenderList(warehouse: Warehouse, full: boolean, sinceBatch: number): Promise<number> {
  if (full) {
    await warehouse.run(`
      CREATE OR REPLACE TEMP TABLE enrich_senders AS
      SELECT sender_key FROM messages UNION SELECT sender_key FROM contacts`);
  } else {
    await warehouse.run(
      `CREATE OR REPLACE TEMP TABLE enrich_senders AS
       SELECT sender_key FROM enrich_scope
       UNION SELECT sender_key FROM contacts WHERE batch_id > $since
       UNION SELECT sender_key FROM contact_phones WHERE batch_id > $since
       UNION SELECT m.sender_key FROM enrichment_chain_members m JOIN enrich_chain_changes c USING (text_id) WHERE c.was_chain <> c.is_chain`,
      { since: sinceBatch },
    );
  }
  return warehouse.scalar<number>('SELECT count(*) FROM enrich_senders');
}

/**
 * Appends to enrichment_mentions(sender_key, message_id, sent_at, text_id, alias, iso_code) the places the scope's
 * inbound messages name, kept when the kind of alias and the words before it make it a place: names of states,
 * cities and colloquial names count anywhere; short abbreviations need a preposition before them ("en NL"); aliases
 * that are also common words or names ("león", "victoria", "juárez") need "vivo en", "soy de", "aquí en"...
 * The country's own name ("México") is a country, not the State of Mexico, unless written as the state; bare
 * ISO codes ('que', 'son', 'ver') are ordinary words in a message and count only in contact sheets.
 * Chain texts are left out when the mentions are read (gatherMentions): a text can become a chain later.
 */
export async function collectMentions(warehouse: Warehouse, info: ReferenceInfo, countryName: string): Promise<number> {
  await warehouse.run(
    `INSERT INTO enrichment_mentions
     WITH named AS (
       SELECT body_id, text_id, unnest(mentions) AS m FROM enrich_signals WHERE len(mentions) > 0
     ), parsed AS (
       -- Whether a matched string names a place depends on the string alone: each distinct one is read once.
       SELECT m,
         CASE WHEN regexp_matches(m, ${quoteLiteral(`^(?:${STRONG_CUE})`)}) THEN 2
              WHEN regexp_matches(m, ${quoteLiteral(`^(?:${WEAK_CUE})`)}) THEN 1 ELSE 0 END AS cue,
         regexp_replace(m, ${quoteLiteral(`^(?:${STRONG_CUE}|${WEAK_CUE})`)}, '') AS alias
       FROM (SELECT DISTINCT m FROM named)
     ), places AS (
       SELECT p.m, a.alias, a.iso_code
       FROM parsed p JOIN ref_alias_keys a ON a.match_key = p.alias
       WHERE a.alias NOT IN ($country, $countryIso)
         AND (a.kind IN ('state', 'city', 'colloquial')
              OR (a.kind = 'abbr' AND (length(replace(a.alias, ' ', '')) >= 4 OR p.cue > 0))
              OR (a.kind = 'ambiguous' AND p.cue = 2))
     )
     SELECT s.sender_key, s.message_id, s.sent_at, n.text_id, p.alias, p.iso_code
     FROM named n JOIN places p USING (m) JOIN enrich_scope s USING (body_id)`,
    { country: countryName, countryIso: info.countryIso.toLowerCase() },
  );
  return warehouse.scalar<number>('SELECT count(*) FROM enrichment_mentions');
}

/** enrich_mentions(sender_key, sent_at, alias, iso_code): the places enrich_senders named outside chain texts. */
export async function gatherMentions(warehouse: Warehouse): Promise<number> {
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE enrich_mentions AS
    SELECT m.sender_key, m.sent_at, m.alias, m.iso_code
    FROM enrichment_mentions m SEMI JOIN enrich_senders s USING (sender_key)
    WHERE m.text_id IS NULL OR m.text_id NOT IN (SELECT text_id FROM enrichment_chain_assign)`);
  return warehouse.scalar<number>('SELECT count(*) FROM enrich_mentions');
}

/**
 * enrich_geo(sender_key, country, state_code, state_source, state_confidence, time_zone, zone_id).
 * `mentionPattern` finds a state inside a free-text declaration ("Monterrey, N.L.") when the whole text is no alias.
 */
export async function resolveGeography(
  warehouse: Warehouse, info: ReferenceInfo, mentionPattern: string, defaultTz: string,
): Promise<number> {
  const c = STATE_CONFIDENCE;
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE enrich_geo AS
     WITH phone AS (
       SELECT p.sender_key, coalesce(c3.country, c2.country, c1.country) AS country,
              CASE WHEN starts_with(p.e164, '+' || $cc) THEN substr(p.e164, length($cc) + 2) END AS national
       FROM (SELECT * FROM contact_phones SEMI JOIN enrich_senders USING (sender_key)) p
       LEFT JOIN ref_calling_codes c1 ON c1.code = substr(p.e164, 2, 1)
       LEFT JOIN ref_calling_codes c2 ON c2.code = substr(p.e164, 2, 2)
       LEFT JOIN ref_calling_codes c3 ON c3.code = substr(p.e164, 2, 3)
     ),
     lada AS (
       SELECT p.sender_key, coalesce(a2.lada, a3.lada) AS lada, coalesce(a2.iso_code, a3.iso_code) AS iso_code,
              coalesce(a2.shared, a3.shared) AS shared
       FROM phone p
       LEFT JOIN ref_area_codes a2 ON a2.lada = left(p.national, 2)
       LEFT JOIN ref_area_codes a3 ON a3.lada = left(p.national, 3)
       WHERE p.national IS NOT NULL AND coalesce(a2.lada, a3.lada) IS NOT NULL
     ),
     declared_text AS (
       SELECT sender_key, k, CASE WHEN regexp_full_match(k, '\\d{1,2}') THEN lpad(k, 2, '0') END AS inegi_key
       FROM (SELECT sender_key, ${aliasKeySql('state_declared')} AS k FROM contacts SEMI JOIN enrich_senders USING (sender_key)
             WHERE nullif(trim(state_declared), '') IS NOT NULL)
     ),
     unmatched AS (
       SELECT DISTINCT d.k FROM declared_text d
       WHERE NOT EXISTS (SELECT 1 FROM ref_aliases a WHERE a.alias = d.k OR a.alias = replace(d.k, ' ', ''))
     ),
     abbreviated AS (
       -- "Nvo. León", "Baja Cal.": every word a shortening (same first letter, letters in order) of the alias's word.
       SELECT k, min(a.iso_code) AS iso_code
       FROM (SELECT k, string_split(k, ' ') AS kw FROM unmatched) d
       JOIN (SELECT alias, iso_code, string_split(alias, ' ') AS aw FROM ref_aliases WHERE kind IN ('state', 'abbr', 'colloquial', 'city')) a
         ON len(a.aw) = len(d.kw) AND left(a.alias, 1) = left(d.k, 1)
       WHERE list_bool_and(list_transform(range(1, len(d.kw) + 1),
               i -> regexp_matches(a.aw[i], '^' || array_to_string(string_split(d.kw[i], ''), '.*'))))
       GROUP BY k HAVING count(DISTINCT a.iso_code) = 1
     ),
     declared AS (
       SELECT d.sender_key,
              coalesce(a1.iso_code, a2.iso_code, s.iso_code, ab.iso_code, a3.iso_code) AS iso_code
       FROM declared_text d
       LEFT JOIN ref_aliases a1 ON a1.alias = d.k
       LEFT JOIN ref_aliases a2 ON a2.alias = replace(d.k, ' ', '')
       LEFT JOIN ref_states s ON s.inegi_code = d.inegi_key
       LEFT JOIN abbreviated ab ON ab.k = d.k
       LEFT JOIN ref_alias_keys a3 ON a3.match_key = regexp_replace(regexp_extract(${collapseRepeatsSql('d.k')}, ${quoteLiteral(mentionPattern)}),
                                                             ${quoteLiteral(`^(?:${STRONG_CUE}|${WEAK_CUE})`)}, '')
     ),
     mention_counts AS (
       SELECT sender_key, iso_code, count(*) AS n, max(sent_at) AS last_at FROM enrich_mentions GROUP BY ALL
     ),
     mentioned AS (
       -- The state named most, ties to the latest named; share = its part of all the sender's mentions.
       SELECT sender_key, arg_max(iso_code, n * 1e10 + epoch(last_at)) AS iso_code, max(n) / sum(n) AS share
       FROM mention_counts GROUP BY sender_key
     ),
     chosen AS (
       SELECT s.sender_key, p.country AS phone_country, l.lada, l.iso_code AS lada_state,
         CASE WHEN d.iso_code IS NOT NULL THEN d.iso_code
              WHEN coalesce(p.country, $countryIso) <> $countryIso THEN NULL
              WHEN m.iso_code IS NOT NULL THEN m.iso_code
              ELSE l.iso_code END AS state_code,
         CASE WHEN d.iso_code IS NOT NULL THEN 'declared'
              WHEN coalesce(p.country, $countryIso) <> $countryIso THEN NULL
              WHEN m.iso_code IS NOT NULL THEN 'message'
              WHEN l.iso_code IS NOT NULL THEN 'area_code' END AS state_source,
         CASE WHEN d.iso_code IS NOT NULL THEN ${c.declared}
              WHEN coalesce(p.country, $countryIso) <> $countryIso THEN NULL
              WHEN m.iso_code IS NOT NULL THEN least(1.0, ${c.messageBase} + ${c.messageShareBonus} * m.share
                   + CASE WHEN m.iso_code = l.iso_code THEN ${c.messageAgreesWithAreaCode} ELSE 0 END)
              WHEN l.iso_code IS NOT NULL THEN CASE WHEN l.shared THEN ${c.areaCodeShared} ELSE ${c.areaCode} END END AS state_confidence
       FROM enrich_senders s
       LEFT JOIN phone p USING (sender_key)
       LEFT JOIN lada l USING (sender_key)
       LEFT JOIN declared d USING (sender_key)
       LEFT JOIN mentioned m USING (sender_key)
     ),
     city_zone AS (
       SELECT m.sender_key, z.iso_code, z.time_zone
       FROM enrich_mentions m JOIN ref_zone_overrides z ON z.kind = 'city' AND z.key = m.alias
       QUALIFY row_number() OVER (PARTITION BY m.sender_key ORDER BY m.sent_at DESC) = 1
     )
     SELECT ch.sender_key,
            CASE WHEN ch.state_code IS NOT NULL THEN $countryIso ELSE ch.phone_country END AS country,
            ch.state_code, ch.state_source, ch.state_confidence::DOUBLE AS state_confidence,
            coalesce(lz.time_zone, cz.time_zone, st.time_zone, $defaultTz) AS time_zone,
            hash(coalesce(lz.time_zone, cz.time_zone, st.time_zone, $defaultTz)) AS zone_id
     FROM chosen ch
     LEFT JOIN ref_zone_overrides lz ON lz.kind = 'lada' AND lz.key = ch.lada AND lz.iso_code = ch.state_code
     LEFT JOIN city_zone cz ON cz.sender_key = ch.sender_key AND cz.iso_code = ch.state_code
     LEFT JOIN ref_states st ON st.iso_code = ch.state_code`,
    { cc: info.callingCode, countryIso: info.countryIso, defaultTz },
  );
  return warehouse.scalar<number>('SELECT count(*) FROM enrich_geo WHERE state_code IS NOT NULL');
}
