/**
 * Issue classification of every inbound message: rules from the taxonomy (issue-rules.ts), plus the
 * newest trained model when there is one (classifier-scorer.ts). A message gets every issue that
 * either layer gives it (rules: confidence >= the taxonomy threshold; model: probability >= that
 * issue's tuned threshold), with confidence = the larger of the two and source 'rules', 'model' or 'both'.
 *
 * Identical texts are classified once (chains, "hola", "baja" repeat a lot).
 *
 * Writes:
 * - message_issues(message_id, issue, confidence, source): one row per label. The combination being a
 *   union, source 'rules' or 'both' are exactly the labels the rules alone give (what `buzon eval`
 *   scores as "rules alone"), 'model' or 'both' those of the model alone;
 * - message_issue_summary(message_id, primary_issue, issues, issue_source): one row per message,
 *   'sin_tema' / [] / NULL when nothing fits (outbound messages too: they are not classified);
 */
import type { BuzonContext } from '../db/context.ts';
import type { Warehouse } from '../db/warehouse.ts';
import { activeModel, type StoredModel } from './classifier-store.ts';
import { scoreModel } from './classifier-scorer.ts';
import { dropDocuments, prepareDocuments } from './issue-documents.ts';
import { createTermPatterns, matchVocabulary, scoreRules } from './issue-rules.ts';
import { DEFAULT_TAXONOMY_FILE, NO_ISSUE, issueKeys, loadTaxonomy, type Taxonomy } from './issue-taxonomy.ts';
import { bumpTableVersion } from '../segment/input-fingerprint.ts';
import { invalidateEnrichState } from './enrich-state.ts';

export interface ClassifyOptions {
  taxonomyFile?: string;
  /** false: rules only, even when a model was trained. */
  useModel?: boolean;
  /** A model version other than the newest. */
  modelVersion?: number;
}

export interface ClassifyResult {
  messages: number;
  labelled: number;
  ms: number;
  modelVersion?: number;
  taxonomyVersion?: string;
  /** Milliseconds per stage: texts, tokens, rules, model, write. */
  steps?: Record<string, number>;
}

/**
 * `buzon classify`: every inbound message re-classified, message_issues and message_issue_summary replaced.
 * The enrichment state is cleared so the next `buzon enrich` is a full one.
 */
export async function classifyIssues(context: BuzonContext, options: ClassifyOptions = {}): Promise<ClassifyResult> {
  const started = performance.now();
  const { warehouse } = context;
  const steps: Record<string, number> = {};
  await timed(context, steps, 'texts', () => warehouse.run(
    `CREATE OR REPLACE TEMP TABLE issue_texts AS
     SELECT row_number() OVER () AS doc_id, body, message_ids FROM (
       -- grouping on a 64-bit hash is twice as fast as on the text; two texts of a million colliding is ~1e-8
       SELECT any_value(body) AS body, list(message_id) AS message_ids FROM messages
       WHERE direction = 'in' AND body IS NOT NULL GROUP BY hash(body)
     )`,
  ));
  const { taxonomy, model } = await labelDocuments(context, 'SELECT doc_id, body FROM issue_texts', options, steps);
  await timed(context, steps, 'write', async () => {
    await warehouse.run(
      `CREATE OR REPLACE TABLE message_issues AS
       SELECT unnest(x.message_ids) AS message_id, l.issue, round(l.confidence, 4) AS confidence, l.source
       FROM issue_doc_labels l JOIN issue_texts x USING (doc_id) WHERE l.labelled`,
    );
    await warehouse.run('DROP TABLE IF EXISTS message_issue_scores');
    // Every message gets a row: the classified texts through their doc, the rest (outbound, no text) sin_tema.
    await warehouse.run(
      `CREATE OR REPLACE TABLE message_issue_summary AS
       SELECT unnest(x.message_ids) AS message_id, coalesce(p.primary_issue, $none) AS primary_issue,
              coalesce(p.issues, []::VARCHAR[]) AS issues, p.issue_source
       FROM issue_texts x LEFT JOIN issue_doc_summary p USING (doc_id)
       UNION ALL
       SELECT message_id, $none, []::VARCHAR[], NULL FROM messages WHERE direction <> 'in' OR body IS NULL`,
      { none: NO_ISSUE },
    );
    await invalidateEnrichState(warehouse);
    for (const table of ['message_issues', 'message_issue_summary']) await bumpTableVersion(warehouse, table);
  });
  await dropLabels(warehouse);
  await warehouse.run('DROP TABLE IF EXISTS issue_texts');

  const counts = await warehouse.one<{ messages: number; labelled: number }>(
    `SELECT count(*) FILTER (WHERE m.direction = 'in') AS messages, count(*) FILTER (WHERE s.issue_source IS NOT NULL) AS labelled
     FROM message_issue_summary s JOIN messages m USING (message_id)`,
  );
  return {
    messages: counts?.messages ?? 0, labelled: counts?.labelled ?? 0, ms: Math.round(performance.now() - started),
    modelVersion: model?.version, taxonomyVersion: taxonomy.version, steps,
  };
}

async function timed(context: BuzonContext, steps: Record<string, number>, step: string, work: () => Promise<void>): Promise<void> {
  const t0 = performance.now();
  await work();
  steps[step] = Math.round(performance.now() - t0);
  context.logger.debug(`classify ${step}: ${steps[step]} ms`);
}

/**
 * Classifies the documents of `docsQuery` (doc_id BIGINT, body VARCHAR): leaves
 * issue_doc_labels(doc_id, issue, rules_confidence, model_confidence, rank, labelled, confidence, source) and
 * issue_doc_summary(doc_id, primary_issue, issues, issue_source) for the documents with at least one label.
 */
export async function labelDocuments(
  context: BuzonContext, docsQuery: string, options: ClassifyOptions = {}, steps: Record<string, number> = {},
): Promise<{ taxonomy: Taxonomy; model?: StoredModel }> {
  const { warehouse } = context;
  const taxonomy = loadTaxonomy(options.taxonomyFile ?? DEFAULT_TAXONOMY_FILE);
  const model = options.useModel === false ? undefined : await activeModel(warehouse, options.modelVersion);
  if (model) warnOnMismatch(context, taxonomy, model);
  await timed(context, steps, 'tokens', () => prepareDocuments(warehouse, taxonomy, docsQuery));
  await timed(context, steps, 'rules', async () => {
    await createTermPatterns(warehouse, taxonomy);
    await matchVocabulary(warehouse, 'issue_vocab');
    await scoreRules(warehouse);
  });
  await timed(context, steps, 'model', async () => {
    if (model) await scoreModel(warehouse, model, Math.min(0.5, ...Object.values(model.params.thresholds)));
    else await warehouse.run('CREATE OR REPLACE TEMP TABLE issue_model_scores (doc_id BIGINT, issue VARCHAR, probability DOUBLE)');
  });
  await timed(context, steps, 'labels', () => combineLabels(warehouse, taxonomy, model));
  await dropDocuments(warehouse);
  return { taxonomy, model };
}

/** Drops what labelDocuments left. */
export async function dropLabels(warehouse: Warehouse): Promise<void> {
  await warehouse.run('DROP TABLE IF EXISTS issue_thresholds; DROP TABLE IF EXISTS issue_doc_labels; DROP TABLE IF EXISTS issue_doc_summary');
}

async function combineLabels(warehouse: Warehouse, taxonomy: Taxonomy, model: StoredModel | undefined): Promise<void> {
  const order = issueKeys(taxonomy);
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE issue_thresholds AS
     SELECT t.issue, t.threshold, (t.i - 1)::INTEGER AS rank FROM (
       SELECT unnest(from_json($issues, '["VARCHAR"]')) AS issue, unnest(from_json($thresholds, '["DOUBLE"]')) AS threshold,
              generate_subscripts(from_json($issues, '["VARCHAR"]'), 1) AS i
     ) t`,
    {
      issues: JSON.stringify(order),
      thresholds: JSON.stringify(order.map((issue) => model?.params.thresholds[issue] ?? 0.5)),
    },
  );
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE issue_doc_labels AS
     WITH c AS (
       SELECT doc_id, issue, max(rules) AS rules_confidence, max(model) AS model_confidence FROM (
         SELECT doc_id, issue, confidence AS rules, NULL::DOUBLE AS model FROM issue_rule_scores
         UNION ALL SELECT doc_id, issue, NULL, probability FROM issue_model_scores
       ) GROUP BY doc_id, issue
     ), l AS (
       SELECT c.doc_id, c.issue, c.rules_confidence, c.model_confidence, t.rank,
              coalesce(c.rules_confidence >= $ruleThreshold, false) AS rules_label,
              coalesce(c.model_confidence >= t.threshold, false) AS model_label
       FROM c JOIN issue_thresholds t USING (issue)
     )
     SELECT *, rules_label OR model_label AS labelled,
            greatest(CASE WHEN rules_label THEN rules_confidence END, CASE WHEN model_label THEN model_confidence END) AS confidence,
            CASE WHEN rules_label AND model_label THEN 'both' WHEN rules_label THEN 'rules' WHEN model_label THEN 'model' END AS source
     FROM l`,
    { ruleThreshold: taxonomy.rules.threshold },
  );
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE issue_doc_summary AS
    -- list_sort on structs: an ordered aggregate (list(... ORDER BY ...)) is several times slower
    SELECT doc_id, issues[1] AS primary_issue, issues, issue_source FROM (
      SELECT doc_id, list_transform(list_sort(list({'c': -confidence, 'r': rank, 'i': issue})), __x -> __x.i) AS issues,
             CASE WHEN bool_and(source = 'rules') THEN 'rules' WHEN bool_and(source = 'model') THEN 'model' ELSE 'both' END AS issue_source
      FROM issue_doc_labels WHERE labelled GROUP BY doc_id
    )`);
}

/** After `buzon classify` on an enriched warehouse: copies the new issue columns into message_enrichment. */
export async function updateEnrichmentIssues(warehouse: Warehouse): Promise<boolean> {
  const columns = await warehouse.scalar<number>(
    `SELECT count(*) FROM information_schema.columns
     WHERE table_schema = 'main' AND table_name = 'message_enrichment' AND column_name IN ('primary_issue', 'issues', 'issue_source')`,
  );
  if (columns !== 3) return false;
  await warehouse.run(
    `UPDATE message_enrichment e SET primary_issue = s.primary_issue, issues = s.issues, issue_source = s.issue_source
     FROM message_issue_summary s WHERE s.message_id = e.message_id`,
  );
  await bumpTableVersion(warehouse, 'message_enrichment');
  return true;
}

function warnOnMismatch(context: BuzonContext, taxonomy: Taxonomy, model: StoredModel): void {
  const keys = issueKeys(taxonomy);
  const missing = keys.filter((k) => !model.issues.includes(k));
  if (missing.length) context.logger.warn(`model v${model.version} was trained without ${missing.join(', ')}: only the rules give those issues (retrain: buzon classify train)`);
}
