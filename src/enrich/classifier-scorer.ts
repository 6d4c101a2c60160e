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
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE issue_model_logits AS
     SELECT s.doc_id, [${ks.map((k) => `${literal(biasOf(k))} + s.${col('s', k)} / sqrt(d.ntok)`).join(', ')}] AS logits
     FROM (
       SELECT doc_id, ${sums} FROM (
         SELECT t.doc_id, ${ks.map((k) => col('s', k)).join(', ')} FROM issue_doc_tokens t JOIN issue_token_scores USING (raw)
         ${bigramSums}
       ) GROUP BY doc_id
     ) s JOIN issue_docs d USING (doc_id)`,
  );
  // Issues at or above the floor, compared as logits so exp() runs only for the rows kept; plus the
  // model's view of every issue the rules found, so the two can be compared.
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE issue_model_scores AS
     WITH passed AS (
       SELECT doc_id, unnest(list_filter(range(0, ${K}), __k -> logits[__k + 1] >= $floorLogit)) AS k, logits FROM issue_model_logits
     ), ruled AS (
       SELECT r.doc_id, i.k, l.logits FROM issue_rule_scores r JOIN issue_model_issues i USING (issue) JOIN issue_model_logits l USING (doc_id)
     )
     SELECT doc_id, i.issue, 1 / (1 + exp(-logits[k + 1])) AS probability
     FROM (SELECT * FROM passed UNION SELECT * FROM ruled) JOIN issue_model_issues i USING (k)`,
    { floorLogit: Math.log(floor / (1 - floor)) },
  );
  await warehouse.run('DROP TABLE IF EXISTS issue_model_logits');
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
