/**
 * Text normalisation for issue classification, as DuckDB SQL. Work is split in two so a million
 * messages stay cheap:
 * - per message, only lower-casing and splitting into raw tokens on anything that is not a letter or
 *   digit (punctuation and emoji become separators): `rawTokensSql`;
 * - per DISTINCT raw token (tens of thousands, not tens of millions), everything else: accents
 *   stripped, repeated letters collapsed, the taxonomy's abbreviation map applied, and a phonetic key
 *   for misspelling-tolerant matching: `createTokenVocabulary`.
 */
import type { Warehouse } from '../db/warehouse.ts';
import { quoteIdent } from '../db/sql-identifiers.ts';

/** A token is a run of letters or digits; everything else (punctuation, emoji, spaces) separates. */
export const TOKEN_PATTERN = '[\\p{L}\\p{N}]+';

/** A message body -> its raw tokens: runs of letters or digits, lower case, accents kept. */
export function rawTokensSql(text: string): string {
  return `regexp_extract_all(lower(coalesce(${text}, '')), '${TOKEN_PATTERN}')`;
}

/**
 * Elongations ("siiii", "aguaaa", "holaaa") collapse to one letter. Letters Spanish doubles on purpose
 * (leer, cooperar, llave, acción, innovar) keep an exact pair; a run of r keeps "rr" (pero/perro differ).
 */
const PAIRED_LETTERS = ['c', 'e', 'l', 'n', 'o'];

/** Accents stripped and repeated letters collapsed (see PAIRED_LETTERS). `expr` must be lower case. */
export function tokenFormSql(expr: string): string {
  const paired = PAIRED_LETTERS.map((c) => `'${c}'`).join(', ');
  return `(SELECT array_to_string(list_filter(__c, (__x, __i) -> __i = 1 OR __x <> __c[__i - 1]
      OR (__x = 'r' AND (__i = 2 OR __c[__i - 2] <> 'r'))
      OR (__x IN (${paired}) AND (__i = 2 OR __c[__i - 2] <> __x) AND (__i = len(__c) OR __c[__i + 1] <> __x))), '')
    FROM (SELECT string_split(strip_accents(${expr}), '') AS __c))`;
}

/**
 * A phonetic key of a normalised token, so spellings that sound alike in Mexican Spanish meet:
 * h is silent, b/v, s/z/soft c, k/qu/hard c, j/soft g, y/ll, m/n before b or p, and doubled letters
 * (except rr) are one.
 * "ospital" = "hospital", "polisia" = "policia", "corrupsion" = "corrupcion", "bivienda" = "vivienda".
 */
export function phoneticKeySql(expr: string): string {
  const steps: Array<[string, string]> = [
    ['ch', 'C'], // keep ch apart from the silent h and from hard c
    ['g([ei])', 'j\\1'],
    ['gu([ei])', 'g\\1'],
    ['qu([ei])', 'k\\1'],
    ['c([ei])', 's\\1'],
    ['[cq]', 'k'],
    ['n([bpv])', 'm\\1'], // "enpleo" sounds like "empleo"
    ['z', 's'],
    ['v', 'b'],
    ['w', 'u'],
    ['h', ''],
    ['ll', 'y'],
    ['C', 'ch'],
  ];
  let sql = expr;
  for (const [pattern, replacement] of steps) sql = `regexp_replace(${sql}, '${pattern}', '${replacement}', 'g')`;
  // Doubled letters other than rr (pero/perro differ) collapse to one.
  return `(SELECT array_to_string(list_filter(__p, (__x, __i) -> __i = 1 OR __x <> __p[__i - 1] OR __x = 'r'), '')
    FROM (SELECT string_split(${sql}, '') AS __p))`;
}

/**
 * Loads the abbreviation and misspelling map into `issue_norm_map(src, dst)`, both sides in token form
 * (so "seguridá" in the file meets "seguridaaa" in a message).
 */
export async function createNormalisationMap(warehouse: Warehouse, map: Record<string, string>): Promise<void> {
  const pairs = Object.entries(map).map(([src, dst]) => ({ src: src.toLowerCase(), dst: dst.toLowerCase() }));
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE issue_norm_map AS
     SELECT DISTINCT ON (src) src, dst FROM (
       SELECT ${tokenFormSql('p.src')} AS src, ${tokenFormSql('p.dst')} AS dst
       FROM (SELECT unnest(from_json($pairs, '[{"src":"VARCHAR","dst":"VARCHAR"}]'), recursive := true)) p
     ) WHERE src <> '' AND dst <> '' ORDER BY src, dst`,
    { pairs: JSON.stringify(pairs) },
  );
}

/**
 * `table(raw, freq, tok, phon)`: every distinct raw token of `rawTokensQuery` (a query with one column
 * `raw`), its number of occurrences, its normalised form (token form, then the map) and its phonetic key.
 * Needs `issue_norm_map`.
 */
export async function createTokenVocabulary(warehouse: Warehouse, table: string, rawTokensQuery: string): Promise<void> {
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE ${quoteIdent(table)} AS
     WITH d AS (SELECT raw, count(*) AS freq FROM (${rawTokensQuery}) GROUP BY raw),
     f AS (SELECT raw, freq, ${tokenFormSql('raw')} AS form FROM d),
     n AS (SELECT f.raw, f.freq, coalesce(m.dst, f.form) AS tok FROM f LEFT JOIN issue_norm_map m ON m.src = f.form)
     SELECT raw, freq, tok, ${phoneticKeySql('tok')} AS phon FROM n WHERE tok <> ''`,
  );
}

/** Normalised text of each input (tokens joined by single spaces), in input order. For previews and tests. */
export async function normaliseTexts(warehouse: Warehouse, texts: string[], map: Record<string, string>): Promise<string[]> {
  await createNormalisationMap(warehouse, map);
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE issue_norm_input AS
     SELECT i AS doc, ${rawTokensSql('t')} AS raw_tokens
     FROM (SELECT unnest(from_json($texts, '["VARCHAR"]')) AS t, generate_subscripts(from_json($texts, '["VARCHAR"]'), 1) AS i)`,
    { texts: textsParam(texts) },
  );
  await createTokenVocabulary(warehouse, 'issue_norm_vocab', 'SELECT unnest(raw_tokens) AS raw FROM issue_norm_input');
  const rows = await warehouse.all<{ doc: number; text: string }>(
    `SELECT d.doc, coalesce(string_agg(v.tok, ' ' ORDER BY d.pos), '') AS text
     FROM (SELECT doc, unnest(raw_tokens) AS raw, generate_subscripts(raw_tokens, 1) AS pos FROM issue_norm_input) d
     JOIN issue_norm_vocab v USING (raw) GROUP BY d.doc`,
  );
  const byDoc = new Map(rows.map((r) => [r.doc, r.text]));
  return texts.map((_, i) => byDoc.get(i + 1) ?? '');
}

/** Phonetic keys of normalised tokens, for tests and docs. */
export async function phoneticKeys(warehouse: Warehouse, tokens: string[]): Promise<string[]> {
  const rows = await warehouse.all<{ k: string }>(
    `SELECT ${phoneticKeySql('t')} AS k FROM (SELECT unnest(from_json($t, '["VARCHAR"]')) AS t, generate_subscripts(from_json($t, '["VARCHAR"]'), 1) AS i) ORDER BY i`,
    { t: textsParam(tokens) },
  );
  return rows.map((r) => r.k);
}

/** Lists travel as one JSON string parameter, parsed by DuckDB's from_json. */
function textsParam(texts: string[]): string {
  return JSON.stringify(texts);
}
