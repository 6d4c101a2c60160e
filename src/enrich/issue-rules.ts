/**
 * Layer 1 of issue classification: the taxonomy's terms matched set-based in DuckDB.
 *
 * A term is one or more elements separated by spaces; an element is a word ("agua") or a stem
 * ("corrup*"). Words of up to 4 letters match the normalised token exactly ("iva" must not meet "iba");
 * longer words and stems match on the phonetic key, so misspellings that sound alike still count.
 * Matching happens once per distinct token; only tokens that match some term are joined back to the
 * messages, where multi-word terms are assembled by position. Two things cancel a term found there:
 * - a negation cue ("no es por la ...") ending at most two tokens before it;
 * - a longer term of another issue covering it: "seguridad social" (salud) hides "seguridad"
 *   (seguridad), "violencia contra las mujeres" (mujeres) hides "violencia"; a self-description hides
 *   the terms inside it: "soy mamá soltera de 29 años" says who writes, not that they ask about mujeres.
 *
 * Confidence of an issue in a message is a noisy-OR over the distinct terms found:
 * 1 - prod(1 - weight); a strong term (0.8) alone passes the 0.5 threshold, a weak one (0.35) needs a second.
 */
import type { Warehouse } from '../db/warehouse.ts';
import { quoteIdent } from '../db/sql-identifiers.ts';
import { NEGATION, SELF_DESCRIPTION, termRows, type Taxonomy } from './issue-taxonomy.ts';
import { phoneticKeySql, tokenFormSql } from './text-normaliser.ts';

/** Words this short match exactly, not by sound. */
export const EXACT_WORD_MAX_LENGTH = 4;
/** Gap in tokens allowed between a negation cue and the term it cancels. */
export const NEGATION_GAP = 2;

const LETTERS = 'abcdefghijklmnopqrstuvwxyz'.split('');

/**
 * Temp tables from the taxonomy: `issue_terms(term_id, issue, weight, n)` and
 * `issue_patterns(term_id, k, mode, key)` with mode 'word' (key = normalised token),
 * 'sound' (key = phonetic key) or 'prefix' (key = phonetic key prefix). Needs `issue_norm_map`.
 */
export async function createTermPatterns(warehouse: Warehouse, taxonomy: Taxonomy): Promise<void> {
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE issue_terms AS
     SELECT term_id, issue, least(weight, 0.99) AS weight, regexp_split_to_array(trim(text), '\\s+') AS elements,
            len(regexp_split_to_array(trim(text), '\\s+'))::INTEGER AS n
     FROM (SELECT unnest(from_json($terms, '[{"term_id":"INTEGER","issue":"VARCHAR","weight":"DOUBLE","text":"VARCHAR"}]'), recursive := true))`,
    { terms: JSON.stringify(termRows(taxonomy)) },
  );
  // A stem ending in c, g, q, gu or qu sounds different depending on the next letter (medic-o / medic-ina):
  // it matches itself exactly, and as a prefix once per possible next letter.
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE issue_patterns AS
     WITH e AS (
       SELECT term_id, unnest(elements) AS element, generate_subscripts(elements, 1) AS k FROM issue_terms
     ), f AS (
       SELECT term_id, k, suffix(element, '*') AS is_stem, ${tokenFormSql("rtrim(element, '*')")} AS form FROM e
     ), w AS (
       SELECT f.term_id, f.k, f.is_stem, CASE WHEN f.is_stem THEN f.form ELSE coalesce(m.dst, f.form) END AS word,
              f.is_stem AND regexp_matches(f.form, '([cgq]|[gq]u)$') AS open_ended
       FROM f LEFT JOIN issue_norm_map m ON m.src = f.form
     )
     SELECT DISTINCT term_id, k, mode, key FROM (
       SELECT term_id, k, 'word' AS mode, word AS key FROM w WHERE NOT is_stem AND len(word) <= ${EXACT_WORD_MAX_LENGTH}
       UNION ALL SELECT term_id, k, 'sound', ${phoneticKeySql('word')} FROM w WHERE NOT is_stem AND len(word) > ${EXACT_WORD_MAX_LENGTH}
       UNION ALL SELECT term_id, k, 'prefix', ${phoneticKeySql('word')} FROM w WHERE is_stem AND NOT open_ended
       UNION ALL SELECT term_id, k, 'word', word FROM w WHERE open_ended
       UNION ALL SELECT term_id, k, 'prefix', ${phoneticKeySql('word || l')} FROM w, (SELECT unnest(from_json($letters, '["VARCHAR"]')) AS l) WHERE open_ended
     ) WHERE key <> ''`,
    { letters: JSON.stringify(LETTERS) },
  );
}

/** `issue_vocab_terms(raw, term_id, k)`: which element of which term each distinct token matches. */
export async function matchVocabulary(warehouse: Warehouse, vocabTable: string): Promise<void> {
  const vocab = quoteIdent(vocabTable);
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE issue_vocab_terms AS
     SELECT DISTINCT raw, term_id, k FROM (
       SELECT v.raw, p.term_id, p.k FROM ${vocab} v JOIN issue_patterns p ON p.mode = 'word' AND p.key = v.tok
       UNION ALL
       SELECT v.raw, p.term_id, p.k FROM ${vocab} v JOIN issue_patterns p ON p.mode = 'sound' AND p.key = v.phon
       UNION ALL
       SELECT v.raw, p.term_id, p.k
       FROM (SELECT raw, phon, unnest(range(2, len(phon) + 1)) AS l FROM ${vocab}) v
       JOIN issue_patterns p ON p.mode = 'prefix' AND p.key = left(v.phon, v.l::INTEGER)
     )`,
  );
}

/**
 * `issue_rule_scores(doc_id, issue, confidence, terms)` from the document tables (issue-documents.ts):
 * one row per document and issue with at least one term found (confidence may be under the threshold).
 */
export async function scoreRules(warehouse: Warehouse): Promise<void> {
  // Each term is looked for through its rarest element (its anchor): "no hay agua" through "agua",
  // never through "no", so common words do not multiply the work. The other elements are then
  // checked by position in the message's token list.
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE issue_rule_anchors AS
     WITH element_freq AS (
       SELECT vt.term_id, vt.k, sum(v.freq) AS freq FROM issue_vocab_terms vt JOIN issue_vocab v USING (raw) GROUP BY ALL
     ), anchors AS (
       -- a term with an element no message contains cannot match: it gets no anchor
       SELECT e.term_id, arg_min(e.k, e.freq) AS k FROM element_freq e JOIN issue_terms tm USING (term_id)
       GROUP BY e.term_id HAVING count(*) = any_value(tm.n)
     )
     SELECT vt.raw, vt.term_id, vt.k, tm.n FROM issue_vocab_terms vt JOIN anchors a USING (term_id, k) JOIN issue_terms tm USING (term_id)`,
  );
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE issue_rule_candidates AS
    SELECT t.doc_id, a.term_id, (t.pos - a.k + 1)::INTEGER AS start, a.n
    FROM issue_doc_tokens t JOIN issue_rule_anchors a USING (raw)`);
  // A multi-word candidate is checked on the span of tokens it would cover, element by element against the
  // vocabulary's matches. (doc, term, start) is unique in each branch.
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE issue_rule_found AS
     WITH spans AS (
       SELECT c.doc_id, c.term_id, c.start, c.n, d.toks[c.start : c.start + c.n - 1] AS span
       FROM issue_rule_candidates c JOIN issue_docs d USING (doc_id)
       WHERE c.n > 1 AND c.start >= 1 AND c.start + c.n - 1 <= d.ntok
     ), multi AS (
       SELECT doc_id, term_id, start FROM (
         SELECT doc_id, term_id, start, n, unnest(span) AS raw, generate_subscripts(span, 1) AS k FROM spans
       ) s
       SEMI JOIN issue_vocab_terms vt ON vt.raw = s.raw AND vt.term_id = s.term_id AND vt.k = s.k
       GROUP BY doc_id, term_id, start HAVING count(*) = any_value(n)
     )
     SELECT f.doc_id, f.term_id, f.start, tm.n, tm.issue, tm.weight
     FROM (SELECT doc_id, term_id, start FROM issue_rule_candidates WHERE n = 1 UNION ALL SELECT * FROM multi) f
     JOIN issue_terms tm USING (term_id)`,
  );
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE issue_rule_scores AS
     WITH cues AS (
       SELECT doc_id, start + n - 1 AS cue_end FROM issue_rule_found WHERE issue = $negation
     ), phrases AS (
       SELECT doc_id, issue, start, n FROM issue_rule_found WHERE n > 1 AND issue <> $negation
     ), terms AS (
       SELECT * FROM issue_rule_found WHERE issue NOT IN ($negation, $self)
     ), cancelled AS (
       SELECT f.doc_id, f.term_id, f.start FROM terms f JOIN cues c
         ON c.doc_id = f.doc_id AND c.cue_end BETWEEN f.start - ${NEGATION_GAP + 1} AND f.start - 1
       UNION
       SELECT f.doc_id, f.term_id, f.start FROM terms f JOIN phrases g
         ON g.doc_id = f.doc_id AND g.n > f.n AND g.issue <> f.issue AND g.start <= f.start AND g.start + g.n >= f.start + f.n
     ), kept AS (
       SELECT DISTINCT f.doc_id, f.issue, f.term_id, f.weight FROM terms f
       ANTI JOIN cancelled x ON x.doc_id = f.doc_id AND x.term_id = f.term_id AND x.start = f.start
     )
     SELECT doc_id, issue, 1 - exp(sum(ln(1 - weight))) AS confidence, count(*) AS terms
     FROM kept GROUP BY doc_id, issue`,
    { negation: NEGATION, self: SELF_DESCRIPTION },
  );
  await warehouse.run('DROP TABLE IF EXISTS issue_rule_found; DROP TABLE IF EXISTS issue_rule_anchors; DROP TABLE IF EXISTS issue_rule_candidates');
}
