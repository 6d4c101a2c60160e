/**
 * Applies a stored linear model to the shared document tables in SQL, without a JS loop per message:
 * 1. weights pivoted to one row per feature with a column per issue;
 * 2. per DISTINCT token, the sum of its features' weights (word + phonetic key + char n-grams);
 *    tokens whose every sum is zero (L1 leaves many) are dropped;
 * 3. per document, the sum over its tokens, plus its bigrams that carry weight, divided by
 *    sqrt(number of tokens), plus the bias, through the logistic function.
 * Result: `issue_model_scores(doc_id, issue, probability)` for probabilities >= `floor`, and for every
 * document and issue the rules found something for (issue_rule_scores), whatever the probability.
 */
import type { Warehouse } from '../db/warehouse.ts';
import { tokenFeaturesSql } from './classifier-features.ts';
import { BIAS_FEATURE, type StoredModel } from './classifier-store.ts';

export async function scoreModel(warehouse: Warehouse, model: StoredModel, floor: number): Promise<void> {
  const K = model.issues.length;
  const ks = [...Array(K).keys()];
  const col = (prefix: string, k: number) => `${prefix}${k}`;
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE issue_model_issues AS
     SELECT issue, (i - 1)::INTEGER AS k FROM (SELECT unnest(from_json($issues, '["VARCHAR"]')) AS issue, generate_subscripts(from_json($issues, '["VARCHAR"]'), 1) AS i)`,
    { issues: JSON.stringify(model.issues) },
  );
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE issue_model_weights AS
     SELECT w.feature, ${ks.map((k) => `coalesce(sum(w.weight) FILTER (WHERE i.k = ${k}), 0) AS ${col('w', k)}`).join(', ')}
     FROM classifier_weights w JOIN issue_model_issues i USING (issue)
     WHERE w.version = $version GROUP BY w.feature`,
    { version: model.version },
  );
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE issue_token_scores AS
     SELECT * FROM (
       SELECT f.raw, ${ks.map((k) => `sum(w.${col('w', k)}) AS ${col('s', k)}`).join(', ')}
       FROM (${tokenFeaturesSql('issue_vocab', model.params.features)}) f JOIN issue_model_weights w USING (feature)
       GROUP BY f.raw
     ) WHERE ${ks.map((k) => `${col('s', k)} <> 0`).join(' OR ')}`,
  );
  const bigramSums = model.params.features.bigrams ? await bigramScores(warehouse, ks) : '';
  const sums = ks.map((k) => `sum(${col('s', k)}) AS ${col('s', k)}`).join(', ');
  const bias = await warehouse.all<{ k: number; weight: number }>(
    `SELECT i.k, w.weight FROM classifier_weights w JOIN issue_model_issues i USING (issue) WHERE w.version = $version AND w.feature = $bias`,
    { version: model.version, bias: BIAS_FEATURE },
  );
  const biasOf = (k: number) => bias.find((b) => b.k === k)?.weight ?? 0;
  const logit = (k: number) => `${literal(biasOf(k))} + ${col('s', k)} / sqrt(d.ntok)`;
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE issue_model_scores AS
     WITH s AS (
       SELECT doc_id, ${sums} FROM (
         SELECT t.doc_id, ${ks.map((k) => col('s', k)).join(', ')} FROM issue_doc_tokens t JOIN issue_token_scores USING (raw)
         ${bigramSums}
       ) GROUP BY doc_id
     ), p AS (
       SELECT s.doc_id, unnest(range(0, ${K})) AS k,
              unnest([${ks.map((k) => `1 / (1 + exp(-(${logit(k)})))`).join(', ')}]) AS probability
       FROM s JOIN issue_docs d USING (doc_id)
     )
     SELECT p.doc_id, i.issue, p.probability FROM p JOIN issue_model_issues i USING (k)
     LEFT JOIN issue_rule_scores r ON r.doc_id = p.doc_id AND r.issue = i.issue
     WHERE p.probability >= $floor OR r.doc_id IS NOT NULL`,
    { floor },
  );
}

/** SQL rows (doc_id, s0..) for the bigrams of each document that the model weighs; '' when it weighs none. */
async function bigramScores(warehouse: Warehouse, ks: number[]): Promise<string> {
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE issue_bigram_weights AS
     SELECT split_part(substr(feature, 3), ' ', 1) AS tok1, split_part(substr(feature, 3), ' ', 2) AS tok2, * EXCLUDE (feature)
     FROM issue_model_weights WHERE starts_with(feature, 'b:')`,
  );
  const count = await warehouse.scalar<number>('SELECT count(*) FROM issue_bigram_weights');
  if (!count) return '';
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE issue_bigram_tokens AS
     SELECT t.doc_id, t.pos, v.tok FROM issue_doc_tokens t JOIN issue_vocab v USING (raw)
     WHERE v.tok IN (SELECT tok1 FROM issue_bigram_weights UNION SELECT tok2 FROM issue_bigram_weights)`,
  );
  return `UNION ALL
    SELECT a.doc_id, ${ks.map((k) => `bw.w${k}`).join(', ')}
    FROM issue_bigram_tokens a JOIN issue_bigram_tokens b ON b.doc_id = a.doc_id AND b.pos = a.pos + 1
    JOIN issue_bigram_weights bw ON bw.tok1 = a.tok AND bw.tok2 = b.tok`;
}

function literal(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`model weight is not a finite number: ${value}`);
  return `(${value.toPrecision(17)})::DOUBLE`;
}
