/**
 * Features of the learned issue model, defined once in SQL so training and scoring cannot drift apart:
 * - 'w:<token>'        the normalised word
 * - 'p:<key>'          its phonetic key (misspellings that sound alike share it)
 * - 'c:<n-gram>'       character n-grams of '<token>' (word boundaries marked), n = charMin..charMax
 * - 'b:<tok> <tok>'    word bigrams (optional, off by default)
 * A message's feature values are counts divided by sqrt(its number of tokens), so a token's
 * contribution (word + key + n-grams) can be summed once per distinct token and reused.
 */
import { quoteIdent } from '../db/sql-identifiers.ts';

export interface FeatureParams {
  charMin: number;
  charMax: number;
  bigrams: boolean;
}

/**
 * Bigrams are off by default: on held-out generated data and on hand-written messages they changed
 * macro-F1 by less than 0.001 while doubling the scoring join (docs/classification.md).
 */
export const DEFAULT_FEATURES: FeatureParams = { charMin: 3, charMax: 5, bigrams: false };

/** A query of (raw, feature) rows: every per-token feature of every token in `vocabTable(raw, tok, phon)`. */
export function tokenFeaturesSql(vocabTable: string, params: FeatureParams): string {
  const vocab = quoteIdent(vocabTable);
  const grams: string[] = [];
  for (let n = Math.max(1, Math.floor(params.charMin)); n <= Math.floor(params.charMax); n++) {
    grams.push(`list_transform(range(1, len(b) - ${n - 2}), __s -> substring(b, __s, ${n}))`);
  }
  const charPart = grams.length
    ? `UNION ALL
       SELECT raw, 'c:' || unnest(flatten([${grams.join(', ')}])) AS feature FROM (SELECT raw, '<' || tok || '>' AS b FROM ${vocab})`
    : '';
  return `SELECT raw, 'w:' || tok AS feature FROM ${vocab}
          UNION ALL SELECT raw, 'p:' || phon FROM ${vocab}
          ${charPart}`;
}
