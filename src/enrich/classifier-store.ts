/** Trained issue models in the warehouse: `classifier_models` (one row per version) and `classifier_weights`. */
import type { Warehouse } from '../db/warehouse.ts';
import type { FeatureParams } from './classifier-features.ts';
import type { FtrlParams, LinearModel } from './classifier-trainer.ts';

export const BIAS_FEATURE = '__bias__';
export const ALGORITHM = 'ovr-logistic-ftrl';

export interface ModelParams {
  features: FeatureParams;
  ftrl: FtrlParams;
  minDf: number;
  /** Probability at or above which the model gives an issue. */
  thresholds: Record<string, number>;
}

export interface StoredModel {
  version: number;
  createdAt: Date;
  algorithm: string;
  taxonomyVersion: string | null;
  issues: string[];
  params: ModelParams;
  metrics: Record<string, unknown>;
  trainingRows: number;
}

export interface NewModel {
  issues: string[];
  taxonomyVersion: string;
  params: ModelParams;
  metrics: Record<string, unknown>;
  trainingRows: number;
  featureNames: string[];
  model: LinearModel;
}

/** Stores a model as the newest version (the one `buzon classify` uses) and returns its version. */
export async function saveModel(warehouse: Warehouse, entry: NewModel): Promise<{ version: number; weights: number }> {
  return warehouse.transaction(async () => {
    const version = ((await warehouse.scalar<number | null>('SELECT max(version) FROM classifier_models')) ?? 0) + 1;
    await warehouse.run(
      `INSERT INTO classifier_models (version, created_at, algorithm, taxonomy_version, issues, params, metrics, training_rows, active)
       VALUES ($version, current_timestamp, $algorithm, $taxonomy, from_json($issues, '["VARCHAR"]'), $params, $metrics, $rows, true)`,
      {
        version, algorithm: ALGORITHM, taxonomy: entry.taxonomyVersion, issues: JSON.stringify(entry.issues),
        params: JSON.stringify(entry.params), metrics: JSON.stringify(entry.metrics), rows: entry.trainingRows,
      },
    );
    const appender = await warehouse.connection.createAppender('classifier_weights');
    let weights = 0;
    const { model, issues, featureNames } = entry;
    const K = model.classes;
    const append = (feature: string, k: number, weight: number) => {
      appender.appendInteger(version);
      appender.appendVarchar(feature);
      appender.appendVarchar(issues[k]!);
      appender.appendDouble(weight);
      appender.endRow();
      weights++;
    };
    for (let k = 0; k < K; k++) append(BIAS_FEATURE, k, model.bias[k]!);
    for (let f = 0; f < model.features; f++) {
      for (let k = 0; k < K; k++) {
        const weight = model.weights[f * K + k]!;
        if (weight !== 0) append(featureNames[f]!, k, weight);
      }
    }
    appender.closeSync();
    return { version, weights };
  });
}

/** The model `buzon classify` applies: the newest active version, or undefined when none was trained. */
export async function activeModel(warehouse: Warehouse, version?: number): Promise<StoredModel | undefined> {
  const row = await warehouse.one<{
    version: number; created_at: Date; algorithm: string; taxonomy_version: string | null; issues: string[];
    params: string; metrics: string; training_rows: number;
  }>(
    `SELECT version, created_at, algorithm, taxonomy_version, issues, params::VARCHAR AS params, metrics::VARCHAR AS metrics, training_rows
     FROM classifier_models WHERE ${version === undefined ? 'active' : 'version = $version'} ORDER BY version DESC LIMIT 1`,
    version === undefined ? undefined : { version },
  );
  if (!row) return undefined;
  return {
    version: row.version, createdAt: row.created_at, algorithm: row.algorithm, taxonomyVersion: row.taxonomy_version,
    issues: row.issues, params: JSON.parse(row.params) as ModelParams, metrics: JSON.parse(row.metrics) as Record<string, unknown>,
    trainingRows: row.training_rows,
  };
}
