import { createHash } from 'node:crypto';
import { QueryError, errorMessage } from '../core/errors.ts';
import type { BuzonContext } from '../db/context.ts';
import { quoteIdent } from '../db/sql-identifiers.ts';
import { loadModels, orderModels, type Model } from './model-catalog.ts';

export interface ModelResult {
  model: string;
  file: string;
  status: 'rebuilt' | 'fresh' | 'failed' | 'skipped';
  rows?: number;
  ms: number;
  error?: string;
}

export interface BuildOptions {
  modelsDir?: string;
  /** Build only these models (and nothing else). */
  select?: string[];
}

/**
 * Builds every model in dependency order. A failing model does not stop the others; models that
 * depend on it are skipped. Throws a QueryError naming every failing model's file at the end.
 */
export async function buildModels(context: BuzonContext, options: BuildOptions = {}): Promise<ModelResult[]> {
  const { warehouse, logger } = context;
  const models = orderModels(loadModels(options.modelsDir));
  await checkDependenciesExist(context, models);
  const selected = options.select ? models.filter((m) => options.select!.includes(m.name)) : models;
  const failed = new Set<string>();
  const results: ModelResult[] = [];
  for (const model of selected) {
    const started = performance.now();
    const blocked = model.dependsOn.find((d) => failed.has(d));
    if (blocked) {
      failed.add(model.name);
      results.push({ model: model.name, file: model.file, status: 'skipped', ms: 0, error: `depends on failed model ${blocked}` });
      logger.info(`${model.name.padEnd(32)} skipped (depends on failed ${blocked})`);
      continue;
    }
    try {
      await warehouse.run(materializeSql(model));
      const rows = model.materialized === 'table'
        ? await warehouse.scalar<number>(`SELECT count(*) FROM ${quoteIdent(model.name)}`)
        : undefined;
      const ms = performance.now() - started;
      await warehouse.run(
        'INSERT INTO model_runs (model, sql_hash, rows, ms, built_at) VALUES ($model, $hash, $rows, $ms, now())',
        { model: model.name, hash: sqlHash(model), rows: rows ?? null, ms },
      );
      results.push({ model: model.name, file: model.file, status: 'rebuilt', rows, ms });
      logger.info(`${model.name.padEnd(32)} rebuilt  ${String(rows ?? 'view').padStart(9)} rows  ${ms.toFixed(0).padStart(6)} ms`);
    } catch (error) {
      failed.add(model.name);
      const message = error instanceof QueryError ? error.message : errorMessage(error);
      results.push({ model: model.name, file: model.file, status: 'failed', ms: performance.now() - started, error: message });
      logger.error(`${model.file}: ${message.split('\n')[0]}`);
    }
  }
  const failures = results.filter((r) => r.status === 'failed');
  if (failures.length) {
    const first = failures[0]!;
    throw new QueryError(
      `${failures.length} model${failures.length > 1 ? 's' : ''} failed: ${failures.map((f) => f.file).join(', ')}`,
      { sql: models.find((m) => m.name === first.model)!.sql, modelFile: first.file },
    );
  }
  return results;
}

export function materializeSql(model: Model): string {
  const kind = model.materialized === 'view' ? 'VIEW' : 'TABLE';
  return `CREATE OR REPLACE ${kind} ${quoteIdent(model.name)} AS\n${model.sql}`;
}

export function sqlHash(model: Model): string {
  return createHash('sha256').update(model.sql).digest('hex').slice(0, 16);
}

/** A dependency must be another model or a table or view already in the warehouse. */
async function checkDependenciesExist(context: BuzonContext, models: Model[]): Promise<void> {
  const names = new Set(models.map((m) => m.name));
  const existing = new Set(
    (await context.warehouse.all<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'main'")).map((r) => r.name),
  );
  for (const model of models) {
    const unknown = model.dependsOn.filter((d) => !names.has(d) && !existing.has(d));
    if (unknown.length) {
      throw new QueryError(`depends on unknown table or model: ${unknown.join(', ')}`, { sql: model.sql, modelFile: model.file });
    }
  }
}
