/**
 * The documents issue classification works on, as temp tables every layer shares:
 * - issue_docs(doc_id, toks, ntok): one row per text with its raw tokens and their number (maybe 0);
 * - issue_doc_tokens(doc_id, pos, raw): the same tokens, one row each (a view);
 * - issue_vocab(raw, freq, tok, phon): each distinct raw token, how often it occurs, normalised once
 *   (text-normaliser.ts).
 */
import type { Warehouse } from '../db/warehouse.ts';
import type { Taxonomy } from './issue-taxonomy.ts';
import { createNormalisationMap, createTokenVocabulary, rawTokensSql } from './text-normaliser.ts';

/** `sourceQuery` yields (doc_id BIGINT, body VARCHAR). */
export async function prepareDocuments(warehouse: Warehouse, taxonomy: Taxonomy, sourceQuery: string): Promise<void> {
  await createNormalisationMap(warehouse, taxonomy.normalisation);
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE issue_docs AS
     SELECT doc_id, toks, len(toks)::INTEGER AS ntok FROM (SELECT doc_id, ${rawTokensSql('body')} AS toks FROM (${sourceQuery}))`,
  );
  // A view, not a table: eight million (doc, token) rows are cheaper to unnest again than to store, and the
  // rules read the tokens straight from issue_docs.
  await warehouse.run(`
    CREATE OR REPLACE TEMP VIEW issue_doc_tokens AS
    SELECT doc_id, unnest(toks) AS raw, unnest(range(1::INTEGER, (ntok + 1)::INTEGER)) AS pos FROM issue_docs`);
  await createTokenVocabulary(warehouse, 'issue_vocab', 'SELECT raw FROM issue_doc_tokens');
}

export async function dropDocuments(warehouse: Warehouse): Promise<void> {
  await warehouse.run('DROP VIEW IF EXISTS issue_doc_tokens');
  for (const table of ['issue_docs', 'issue_vocab', 'issue_vocab_terms', 'issue_rule_scores', 'issue_token_scores', 'issue_model_scores']) {
    await warehouse.run(`DROP TABLE IF EXISTS ${table}`);
  }
}
