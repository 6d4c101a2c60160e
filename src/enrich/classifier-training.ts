/**
 * `buzon classify train`: fits the issue model on the imported labels (message_labels) and stores it.
 * Features come from SQL (classifier-features.ts, the same definitions scoring uses); the optimiser runs
 * in JS (classifier-trainer.ts). One labelled message in ten (by a hash of its id) is held out to tune
 * per-issue thresholds and report validation metrics; the stored model is then refitted on all labels.
 */
import { UsageError } from '../core/errors.ts';
import type { BuzonContext } from '../db/context.ts';
import type { Warehouse } from '../db/warehouse.ts';
import { DEFAULT_FEATURES, tokenFeaturesSql, type FeatureParams } from './classifier-features.ts';
import { saveModel, type ModelParams } from './classifier-store.ts';
import {
  DEFAULT_FTRL, classMetrics, predict, trainOneVsRest, tuneThresholds, type FtrlParams, type SparseDoc, type TrainingSet,
} from './classifier-trainer.ts';
import { dropDocuments, prepareDocuments } from './issue-documents.ts';
import { DEFAULT_TAXONOMY_FILE, issueKeys, loadTaxonomy } from './issue-taxonomy.ts';

export interface TrainOptions {
  taxonomyFile?: string;
  features?: Partial<FeatureParams>;
  ftrl?: Partial<FtrlParams>;
  /** A feature must occur in at least this many labelled messages. */
  minDf?: number;
  /** Refit on every label after tuning on the held-out tenth (default true). */
  refit?: boolean;
}

export interface TrainSummary {
  version: number;
  trainingRows: number;
  validationRows: number;
  features: number;
  weights: number;
  validation: { macroF1: number; issues: Record<string, { precision: number; recall: number; f1: number; support: number; threshold: number }> };
  ms: number;
}

export const MIN_TRAINING_ROWS = 20;

export async function trainClassifier(context: BuzonContext, options: TrainOptions = {}): Promise<TrainSummary> {
  const started = performance.now();
  const { warehouse, logger } = context;
  const taxonomy = loadTaxonomy(options.taxonomyFile ?? DEFAULT_TAXONOMY_FILE);
  const issues = issueKeys(taxonomy);
  const features: FeatureParams = { ...DEFAULT_FEATURES, ...options.features };
  const ftrl: FtrlParams = { ...DEFAULT_FTRL, ...options.ftrl };
  const minDf = options.minDf ?? 2;

  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE issue_train_set AS
     SELECT row_number() OVER (ORDER BY l.message_id) AS doc_id, l.message_id, l.issues, m.body,
            hash(l.message_id) % 10 = 0 AS held_out
     FROM message_labels l JOIN messages m USING (message_id)`,
  );
  const counts = await warehouse.one<{ rows: number; held: number; unknown: number }>(
    `SELECT count(*) AS rows, count(*) FILTER (WHERE held_out) AS held,
            (SELECT count(*) FROM message_labels WHERE message_id NOT IN (SELECT message_id FROM messages)) AS unknown
     FROM issue_train_set`,
  );
  if (!counts || counts.rows < MIN_TRAINING_ROWS) {
    throw new UsageError(`classify train needs at least ${MIN_TRAINING_ROWS} labelled messages in the warehouse; found ${counts?.rows ?? 0} (import labels with: buzon label import FILE)`);
  }
  if (counts.unknown) logger.warn(`${counts.unknown} labelled message ids are not in the warehouse; they are skipped`);
  const unknownKeys = await warehouse.all<{ issue: string }>(
    `SELECT DISTINCT unnest(issues) AS issue FROM issue_train_set EXCEPT SELECT unnest(from_json($keys, '["VARCHAR"]'))`,
    { keys: JSON.stringify(issues) },
  );
  if (unknownKeys.length) logger.warn(`labels use issues the taxonomy does not have (ignored): ${unknownKeys.map((r) => r.issue).sort().join(', ')}`);

  const lap = stopwatch();
  await prepareDocuments(warehouse, taxonomy, 'SELECT doc_id, body FROM issue_train_set');
  const extracted = await extractTrainingFeatures(warehouse, features);
  logger.debug(`features extracted in ${lap()} ms`);
  await dropDocuments(warehouse);

  const K = issues.length;
  const { featureNames, docs } = assembleDocuments(extracted, features, minDf);
  const rows = extracted.docs;
  const labels = new Uint8Array(rows.length * K);
  rows.forEach((r, d) => {
    for (const issue of r.issues) {
      const k = issues.indexOf(issue);
      if (k >= 0) labels[d * K + k] = 1;
    }
  });
  const subset = (keep: (d: number) => boolean): TrainingSet => {
    const ids = rows.map((_, d) => d).filter(keep);
    const sub = new Uint8Array(ids.length * K);
    ids.forEach((d, j) => sub.set(labels.subarray(d * K, d * K + K), j * K));
    return { docs: ids.map((d) => docs[d]!), labels: sub, features: featureNames.length, classes: K };
  };
  const train = subset((d) => !rows[d]!.held_out);
  const held = subset((d) => rows[d]!.held_out);
  logger.info(`training on ${train.docs.length.toLocaleString('en-US')} labelled messages (${held.docs.length.toLocaleString('en-US')} held out), ${featureNames.length.toLocaleString('en-US')} features`);

  lap();
  const first = trainOneVsRest(train, ftrl);
  logger.debug(`first fit in ${lap()} ms`);
  const probs = held.docs.map((doc) => predict(first, doc));
  const thresholds = held.docs.length ? tuneThresholds(probs, held.labels, K) : issues.map(() => 0.5);
  const validationIssues: TrainSummary['validation']['issues'] = {};
  issues.forEach((issue, k) => {
    validationIssues[issue] = { ...round(classMetrics(probs, held.labels, K, k, thresholds[k]!)), threshold: thresholds[k]! };
  });
  const scored = Object.values(validationIssues).filter((m) => m.support > 0);
  const macroF1 = scored.length ? roundNumber(scored.reduce((sum, m) => sum + m.f1, 0) / scored.length) : 0;
  const final = options.refit === false ? first : trainOneVsRest({ ...train, docs, labels }, ftrl);

  logger.debug(`refit in ${lap()} ms`);
  const params: ModelParams = {
    features, ftrl, minDf, thresholds: Object.fromEntries(issues.map((issue, k) => [issue, thresholds[k]!])),
  };
  const validation = { macroF1, issues: validationIssues };
  const saved = await saveModel(warehouse, {
    issues, taxonomyVersion: taxonomy.version, params, metrics: { validation_rows: held.docs.length, ...validation },
    trainingRows: rows.length, featureNames, model: final,
  });
  await warehouse.run('DROP TABLE IF EXISTS issue_train_set');
  return {
    version: saved.version, trainingRows: rows.length, validationRows: held.docs.length, features: featureNames.length,
    weights: saved.weights, validation, ms: Math.round(performance.now() - started),
  };
}

interface ExtractedDocs {
  /** Per vocabulary token (by vid): its normalised form and its per-token feature names. */
  tokens: Array<{ tok: string; features: string[] }>;
  docs: Array<{ doc_id: number; held_out: boolean; issues: string[]; ntok: number; vids: Array<number | null> }>;
}

/**
 * The labelled documents as token ids in order, and each token's features (tokenFeaturesSql, the
 * definition scoring uses). Feature vectors are assembled in JS from these: far less to carry out of
 * DuckDB than one row per document and feature.
 */
async function extractTrainingFeatures(warehouse: Warehouse, params: FeatureParams): Promise<ExtractedDocs> {
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE issue_train_vocab AS
     SELECT (row_number() OVER (ORDER BY raw) - 1)::INTEGER AS vid, raw, tok, phon FROM issue_vocab`,
  );
  const tokens = await warehouse.all<{ vid: number; tok: string; features: string[] }>(
    `SELECT v.vid, any_value(v.tok) AS tok, list(f.feature) AS features
     FROM issue_train_vocab v JOIN (${tokenFeaturesSql('issue_train_vocab', params)}) f USING (raw)
     GROUP BY v.vid ORDER BY v.vid`,
  );
  const docs = await warehouse.all<ExtractedDocs['docs'][number]>(
    `SELECT s.doc_id, s.held_out, s.issues, coalesce(d.ntok, 0)::INTEGER AS ntok, coalesce(t.vids, []) AS vids
     FROM issue_train_set s LEFT JOIN issue_docs d USING (doc_id)
     LEFT JOIN (
       SELECT t.doc_id, list(v.vid ORDER BY t.pos) AS vids
       FROM issue_doc_tokens t LEFT JOIN issue_train_vocab v USING (raw) GROUP BY t.doc_id
     ) t USING (doc_id)
     ORDER BY s.doc_id`,
  );
  await warehouse.run('DROP TABLE IF EXISTS issue_train_vocab');
  return { tokens, docs };
}

/**
 * Sparse vectors: per-token features plus bigrams ('b:<tok> <tok>' of adjacent tokens), counts divided
 * by sqrt(number of tokens); features in fewer than `minDf` documents are dropped.
 */
function assembleDocuments(extracted: ExtractedDocs, params: FeatureParams, minDf: number): { featureNames: string[]; docs: SparseDoc[] } {
  const index = new Map<string, number>();
  const names: string[] = [];
  const idOf = (name: string) => {
    let id = index.get(name);
    if (id === undefined) {
      id = names.length;
      index.set(name, id);
      names.push(name);
    }
    return id;
  };
  const tokenFeatures = extracted.tokens.map((t) => Int32Array.from(t.features, idOf));
  const counted = extracted.docs.map((doc) => {
    const counts = new Map<number, number>();
    const add = (id: number) => counts.set(id, (counts.get(id) ?? 0) + 1);
    doc.vids.forEach((vid, i) => {
      if (vid === null) return;
      for (const id of tokenFeatures[vid]!) add(id);
      const next = doc.vids[i + 1];
      if (params.bigrams && next !== undefined && next !== null) {
        add(idOf(`b:${extracted.tokens[vid]!.tok} ${extracted.tokens[next]!.tok}`));
      }
    });
    return counts;
  });
  const df = new Int32Array(names.length);
  for (const counts of counted) for (const id of counts.keys()) df[id]!++;
  const keep = new Int32Array(names.length).fill(-1);
  const featureNames: string[] = [];
  names.forEach((name, id) => {
    if (df[id]! >= minDf) keep[id] = featureNames.push(name) - 1;
  });
  const docs = counted.map((counts, d): SparseDoc => {
    const ntok = extracted.docs[d]!.ntok;
    const scale = ntok ? 1 / Math.sqrt(ntok) : 0;
    const entries = [...counts].filter(([id]) => keep[id]! >= 0).map(([id, c]) => [keep[id]!, c] as const).sort((a, b) => a[0] - b[0]);
    return { idx: Int32Array.from(entries, (e) => e[0]), val: Float32Array.from(entries, (e) => e[1] * scale) };
  });
  return { featureNames, docs };
}

function stopwatch(): () => number {
  let last = performance.now();
  return () => {
    const now = performance.now();
    const ms = Math.round(now - last);
    last = now;
    return ms;
  };
}

function round(m: { precision: number; recall: number; f1: number; support: number }) {
  return { precision: roundNumber(m.precision), recall: roundNumber(m.recall), f1: roundNumber(m.f1), support: m.support };
}

function roundNumber(x: number): number {
  return Math.round(x * 10000) / 10000;
}
