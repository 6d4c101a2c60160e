import type { Warehouse } from '../db/warehouse.ts';
import { quoteLiteral } from '../db/sql-identifiers.ts';
import { REPEATED_CHARS } from './message-patterns.ts';

/**
 * The text every rule reads: lower case, accents stripped, every run of characters that are not a-z or 0-9
 * one space ("¡¡Ya NO me escriban!! 😡" -> "ya no me escriban"). Emoji and punctuation vanish, so a message
 * whose normalised text is empty said nothing in words.
 */
export function normTextSql(expr: string): string {
  // Same result as replacing every run of [^a-z0-9] with one space, but single spaces between words are left
  // alone instead of being matched and rewritten: half the work on ordinary text.
  return `trim(regexp_replace(strip_accents(lower(${expr})), ' *[^a-z0-9 ][^a-z0-9]*|  +', ' ', 'g'))`;
}

// RE2 has no backreferences: a letter typed three or more times is collapsed group by group, each group's
// letters captured in their own parentheses and the rewrite concatenating them (unmatched groups are empty).
const LETTER_GROUPS = ['aeiousrln', 'ymjhdcptb', 'gkvfzqxw'];
const ANY_TRIPLE = `(?:${'abcdefghijklmnopqrstuvwxyz'.split('').map((c) => `${c}{3}`).join('|')})`;
/**
 * Doubled vowels are almost always stretching in chat ("nosotroos", "siii"), and Spanish words do not end in
 * a doubled s, l, n or r ("graciass"). The few real doubles (leer, cooperar, Quintana Roo) are collapsed
 * the same way in the alias table, so matching is unaffected.
 */
const DOUBLE_VOWELS = 'aeiou';
const FINAL_DOUBLES = 'slnr';
const ANY_DOUBLE = `(?:${DOUBLE_VOWELS.split('').map((c) => `${c}${c}`).join('|')})|(?:${FINAL_DOUBLES.split('').map((c) => `${c}${c}`).join('|')})\\b`;

/** "holaaaa" -> "hola", "votoo" -> "voto": letters repeated 3+ times, doubled vowels, doubled final s/l/n/r become one. */
export function collapseRepeatsSql(expr: string): string {
  let sql = expr;
  for (const group of LETTER_GROUPS) {
    const pattern = group.split('').map((c) => `(${c})${c}{2,}`).join('|');
    sql = `regexp_replace(${sql}, ${quoteLiteral(pattern)}, ${quoteLiteral(rewrite(group))}, 'g')`;
  }
  const doubles = [...DOUBLE_VOWELS.split('').map((c) => `(${c})${c}`), ...FINAL_DOUBLES.split('').map((c) => `(${c})${c}\\b`)].join('|');
  sql = `regexp_replace(${sql}, ${quoteLiteral(doubles)}, ${quoteLiteral(rewrite(DOUBLE_VOWELS + FINAL_DOUBLES))}, 'g')`;
  return `CASE WHEN regexp_matches(${expr}, ${quoteLiteral(`${ANY_TRIPLE}|${ANY_DOUBLE}`)}) THEN ${sql} ELSE ${expr} END`;
}

function rewrite(group: string): string {
  return group.split('').map((_, i) => `\\${i + 1}`).join('');
}

/**
 * enrich_scope(message_id, sender_key, direction, sent_at, media, body_id): the messages to enrich (all, or those
 * of batches above `sinceBatch`), body_id = hash(body) for inbound messages with a text.
 * enrich_bodies(doc_id, body_id, body, norm, repeated, text_id): each distinct inbound text of the scope once, so
 * every rule runs once per text however many senders wrote it. `repeated`: a short text with one letter typed five
 * or more times ("prrrrr"), measured before the collapse. `text_id` = hash(norm) for texts long enough to be chain
 * candidates (at least `minWords` words), else NULL. Returns the number of distinct texts.
 */
export async function buildMessageText(warehouse: Warehouse, sinceBatch: number, minWords: number): Promise<number> {
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE enrich_scope AS
     SELECT message_id, sender_key, direction, sent_at, media, CASE WHEN direction = 'in' AND body IS NOT NULL THEN hash(body) END AS body_id
     FROM messages WHERE batch_id > $since`,
    { since: sinceBatch },
  );
  // A word is at least two characters with its space, so the length test skips most short texts before any splitting.
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE enrich_bodies AS
     SELECT row_number() OVER () AS doc_id, body_id, body, norm, repeated,
            CASE WHEN length(norm) >= $minChars AND len(string_split(norm, ' ')) >= $minWords THEN hash(norm) END AS text_id
     FROM (
       SELECT body_id, body, ${collapseRepeatsSql('n')} AS norm,
              length(n) <= 40 AND regexp_matches(n, ${quoteLiteral(REPEATED_CHARS)}) AS repeated
       FROM (
         SELECT body_id, body, ${normTextSql('body')} AS n
         FROM (SELECT hash(body) AS body_id, any_value(body) AS body FROM messages
               WHERE direction = 'in' AND body IS NOT NULL AND batch_id > $since GROUP BY ALL)
       )
     )`,
    { since: sinceBatch, minChars: minWords * 2, minWords },
  );
  return warehouse.scalar<number>('SELECT count(*) FROM enrich_bodies');
}
