/**
 * One pass over the inbound messages computing every per-message signal the later steps aggregate:
 * opt-out / opt-in events, a stated age, a life-stage age hint, the noise candidates and the places named.
 */
import type { Warehouse } from '../db/warehouse.ts';
import { quoteLiteral } from '../db/sql-identifiers.ts';
import {
  AGE_HINTS, AGE_NOT_AN_AGE, AGE_WORDS_DURATION, GREETING_EMOJI, GREETING_ONLY, INSULT, KEYBOARD_MASH, LAUGH_ONLY, MOCKING_EMOJI, OPTIN,
  OPTIN_NEGATED, OPTOUT, OPTOUT_NEGATED, PROMO_WORDS, RAW_CENSORED, RAW_LINK, SPAM, STATED_AGE,
  STATED_AGE_IN_WORDS, STATED_BIRTH_YEAR, SUPPORT, SUPPORT_EMOJI, SUPPORT_SHORT, AGE_WORDS,
} from './message-patterns.ts';

const lit = quoteLiteral;

/** Words before a place that make it about where the sender is ("vivo en", "soy de"); 'weak' ones are plain prepositions. */
export const STRONG_CUE = '(?:vivo|vivimos|radico|radicamos|resido|estoy|estamos|aqui|aca|aki) en |(?:soy|somos|originari[oa]s?|oriund[oa]s?|vecin[oa]s?) de |desde ';
export const WEAK_CUE = 'en |de |del |por ';

/**
 * The place-mention regex built from the alias table: longest aliases first, so 'nuevo leon' wins over 'leon'
 * at the same position. Aliases are already normalised to [a-z0-9 ].
 */
export async function buildMentionPattern(warehouse: Warehouse): Promise<string> {
  const aliases = await warehouse.all<{ key: string }>(
    "SELECT match_key AS key FROM ref_alias_keys WHERE regexp_full_match(match_key, '[a-z0-9 ]+') ORDER BY length(key) DESC, key");
  return `\\b(?:${STRONG_CUE}|${WEAK_CUE})?(?:${aliases.map((a) => a.key).join('|')})\\b`;
}

/**
 * enrich_signals: one row per distinct inbound text of the scope (body_id) with text_id (chain candidates),
 * optout_event, age_found (an age stated), birth_year (a birth year stated), hint_age, hint_confidence, greeting,
 * support, spam, insult, laugh (laughter or keyboard mash only), repeated, no_words, emoji_kind ('greeting' |
 * 'support' | 'mocking' | 'other' when the text has no words but has symbols), mentions (places named, matched
 * strings). Ages and places are not read from chain texts: the steps that read them leave chain texts out,
 * since a text can become a chain later.
 */
export async function computeMessageSignals(warehouse: Warehouse, mentionPattern: string): Promise<number> {
  const hintCase = AGE_HINTS.map(([pattern, age]) => `WHEN regexp_matches(t.norm, ${lit(pattern)}) THEN ${age}`).join(' ');
  const hintConf = AGE_HINTS.map(([pattern, , conf]) => `WHEN regexp_matches(t.norm, ${lit(pattern)}) THEN ${conf}`).join(' ');
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE enrich_signals AS
    WITH s AS (
      SELECT t.body_id, t.text_id, t.norm = '' AS no_words, t.repeated,
        CASE WHEN regexp_matches(t.norm, ${lit(OPTOUT)}) AND NOT regexp_matches(t.norm, ${lit(OPTOUT_NEGATED)}) THEN 'optout'
             WHEN regexp_matches(t.norm, ${lit(OPTIN)}) AND NOT regexp_matches(t.norm, ${lit(OPTIN_NEGATED)}) THEN 'optin' END AS optout_event,
        CASE WHEN regexp_matches(t.norm, '\\d\\d')
             THEN list_filter(regexp_extract_all(t.norm, ${lit(STATED_AGE)}), m -> NOT regexp_matches(m, ${lit(AGE_NOT_AN_AGE)})) END AS age_matches,
        CASE WHEN regexp_matches(t.norm, '\\d\\d') THEN
          try_cast(regexp_extract(t.norm, ${lit(STATED_BIRTH_YEAR)}, 1) AS INTEGER) END AS birth_year_found,
        CASE WHEN regexp_matches(t.norm, '(?:anos|anios|anitos|abriles|primaveras)\\b')
              AND NOT regexp_matches(regexp_extract(t.norm, ${lit(STATED_AGE_IN_WORDS)}), ${lit(AGE_WORDS_DURATION)}) THEN
          nullif(regexp_extract(t.norm, ${lit(STATED_AGE_IN_WORDS)}, 1), '') END AS age_words,
        CASE ${hintCase} END AS hint_age,
        CASE ${hintConf} END AS hint_confidence,
        t.norm <> '' AND length(t.norm) <= 80 AND regexp_matches(t.norm, ${lit(GREETING_ONLY)}) AS greeting,
        -- A question asks for an answer ("¿cómo puedo ayudar?"): never support noise.
        NOT (contains(t.body, '?') OR regexp_matches(t.norm, '^(?:como|donde|cuando|cual|quien|que|por que|a que|en que|cuanto)\\b'))
          AND (regexp_matches(t.norm, ${lit(SUPPORT)}) OR (length(t.norm) <= 40 AND regexp_matches(t.norm, ${lit(SUPPORT_SHORT)}))) AS support,
        regexp_matches(t.norm, ${lit(SPAM)})
          OR (regexp_matches(t.body, '[./]') AND regexp_matches(lower(t.body), ${lit(RAW_LINK)}) AND regexp_matches(t.norm, ${lit(PROMO_WORDS)})) AS spam,
        regexp_matches(t.norm, ${lit(INSULT)}) OR (contains(t.body, '*') AND regexp_matches(lower(t.body), ${lit(RAW_CENSORED)})) AS insult,
        t.norm <> '' AND length(t.norm) <= 60 AND (regexp_matches(t.norm, ${lit(LAUGH_ONLY)}) OR regexp_matches(t.norm, ${lit(KEYBOARD_MASH)})) AS laugh,
        CASE WHEN t.norm = '' AND trim(t.body) <> '' THEN
          CASE WHEN regexp_matches(t.body, ${lit(GREETING_EMOJI)}) THEN 'greeting'
               WHEN regexp_matches(t.body, ${lit(SUPPORT_EMOJI)}) THEN 'support'
               WHEN regexp_matches(t.body, ${lit(MOCKING_EMOJI)}) THEN 'mocking' ELSE 'other' END END AS emoji_kind,
        regexp_extract_all(t.norm, ${lit(mentionPattern)}) AS mentions
      FROM enrich_bodies t
    )
    SELECT * EXCLUDE (age_matches, birth_year_found, age_words),
      -- Two-digit numbers outside a voter's life are not ages ("a mis 10 años" is a memory); the SQL that
      -- reads these also bounds ages from birth years, which need the message's date.
      coalesce(CASE WHEN len(age_matches) > 0 THEN try_cast(regexp_extract(age_matches[1], '(\\d\\d)', 1) AS INTEGER) END,
               CASE WHEN age_words IS NOT NULL THEN ${ageWordsSql('age_words')} END) AS age_found,
      CASE WHEN birth_year_found < 100 THEN 1900 + birth_year_found ELSE birth_year_found END AS birth_year
    FROM s`);
  return warehouse.scalar<number>('SELECT count(*) FROM enrich_signals');
}

/** SQL turning an age written in words (a key of AGE_WORDS) into its number. */
function ageWordsSql(expr: string): string {
  return `CASE ${expr} ${[...AGE_WORDS].map(([word, n]) => `WHEN ${lit(word)} THEN ${n}`).join(' ')} END`;
}

/** SQL for the age a message states: `s` is enrich_signals, `sentAt` the message's time. */
export function statedAgeSql(s: string, sentAt: string): string {
  return `CASE WHEN ${s}.age_found BETWEEN 16 AND 99 THEN ${s}.age_found
               WHEN year(${sentAt}) - ${s}.birth_year BETWEEN 16 AND 99 THEN year(${sentAt}) - ${s}.birth_year END`;
}
