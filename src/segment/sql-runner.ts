import { ConfigError, QueryError, errorMessage } from '../core/errors.ts';
import type { BuzonContext } from '../db/context.ts';
import type { Warehouse } from '../db/warehouse.ts';
import { quoteIdent } from '../db/sql-identifiers.ts';
import { digest, tableCatalog, tableFingerprint, tableVersions, type TableInfo } from './input-fingerprint.ts';
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
  /** Rebuild every selected model even when its SQL and inputs are unchanged. */
  full?: boolean;
}

type LastRun = {
  sql_hash: string;
  inputs_hash: string | null;
  rows: number | null;
};

/**
 * Builds every model in dependency order. A model whose SQL and inputs are unchanged since its last
 * build is left as it is ('fresh'). A failing model does not stop the others; models that depend
 * on it are skipped. Throws a QueryError naming every failing model's file at the end.
 */
export async function buildModels(context: BuzonContext, options: BuildOptions = {}): Promise<ModelResult[]> {
  const { warehouse, logger } = context;
  const models = orderModels(loadModels(options.modelsDir));
  const catalog = await tableCatalog(warehouse);
  const selected = options.select ? models.filter((m) => options.select!.includes(m.name)) : models;
  const state = new BuildState(warehouse, models, catalog, await lastRuns(warehouse), await tableVersions(warehouse, catalog));
  const unbuilt = new Set<string>();
  const results: ModelResult[] = [];
  for (const model of selected) {
    const skipped = skipReason(model, models, catalog, unbuilt);
    const result = skipped ?? await buildModel(context, model, state, options.full === true);
    if (result.status === 'skipped' || result.status === 'failed') unbuilt.add(model.name);
    if (result.status === 'failed') logger.error(`${model.file}: ${result.error!.split('\n')[0]}`);
    else if (result.status === 'skipped' && result.error?.startsWith('needs ')) logger.warn(`${model.name}: skipped, ${result.error}`);
    else if (result.status === 'skipped') logger.info(`${model.name.padEnd(32)} skipped  (${result.error})`);
    else logger.info(statusLine(model.name, result.status, result.rows, result.ms));
    results.push(result);
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

/** Models that cannot be built yet: their input is another command's table, or what they depend on was not built. */
function skipReason(model: Model, models: Model[], catalog: Map<string, TableInfo>, unbuilt: Set<string>): ModelResult | undefined {
  const skipped = (error: string): ModelResult => ({ model: model.name, file: model.file, status: 'skipped', ms: 0, error });
  const missing = missingInputs(model, models, catalog);
  if (missing.length && missing.every((d) => PRODUCED_BY[d])) {
    const hint = [...new Set(missing.map((d) => PRODUCED_BY[d]))].join(', ');
    return skipped(`needs ${missing.join(', ')} (run ${hint} first)`);
  }
  const blocked = model.dependsOn.find((d) => unbuilt.has(d));
  if (blocked) return skipped(`depends on ${blocked}, which was not built`);
  if (missing.length) {
    return { model: model.name, file: model.file, status: 'failed', ms: 0, error: `depends on unknown table or model: ${missing.join(', ')}` };
  }
  return undefined;
}

/** Leaves a fresh model as it is; otherwise replaces it and records the build, in one transaction. */
async function buildModel(context: BuzonContext, model: Model, state: BuildState, full: boolean): Promise<ModelResult> {
  const { warehouse } = context;
  const started = performance.now();
  try {
    await checkDeclaredDependencies(warehouse, model);
    const sqlHash = sqlHashOf(model);
    const inputsHash = await state.inputsHash(model);
    const last = state.lastRun(model.name);
    if (!full && last && last.sql_hash === sqlHash && last.inputs_hash === inputsHash && state.exists(model)) {
      state.built(model, sqlHash, inputsHash);
      return { model: model.name, file: model.file, status: 'fresh', rows: last.rows ?? undefined, ms: performance.now() - started };
    }
    const rows = await warehouse.transaction(async () => {
      await dropOtherKind(warehouse, model, state.catalog);
      await warehouse.run(materializeSql(model));
      const count = model.materialized === 'table'
        ? await warehouse.scalar<number>(`SELECT count(*) FROM ${quoteIdent(model.name)}`)
        : undefined;
      await warehouse.run(
        `INSERT INTO model_runs (model, sql_hash, inputs_hash, rows, ms, built_at, mode)
         VALUES ($model, $sql, $inputs, $rows, $ms, now(), 'full')`,
        { model: model.name, sql: sqlHash, inputs: inputsHash, rows: count ?? null, ms: performance.now() - started },
      );
      return count;
    });
    state.built(model, sqlHash, inputsHash);
    return { model: model.name, file: model.file, status: 'rebuilt', rows, ms: performance.now() - started };
  } catch (error) {
    const message = error instanceof QueryError ? error.message : errorMessage(error);
    return { model: model.name, file: model.file, status: 'failed', ms: performance.now() - started, error: message };
  }
}

/**
 * The models among `names` (and what they are built from) whose SQL or inputs changed since their
 * last build, or that were never built: what `buzon build` would rebuild. Builds nothing.
 */
export async function staleModels(context: BuzonContext, names: string[], modelsDir?: string): Promise<string[]> {
  const { warehouse } = context;
  const models = orderModels(loadModels(modelsDir));
  const byName = new Map(models.map((m) => [m.name, m]));
  const needed = new Set<string>();
  const want = (name: string): void => {
    const model = byName.get(name);
    if (!model || needed.has(name)) return;
    needed.add(name);
    model.dependsOn.forEach(want);
  };
  names.forEach(want);
  const catalog = await tableCatalog(warehouse);
  const state = new BuildState(warehouse, models, catalog, await lastRuns(warehouse), await tableVersions(warehouse, catalog));
  const stale: string[] = [];
  for (const model of models.filter((m) => needed.has(m.name))) {
    const sqlHash = sqlHashOf(model);
    const inputsHash = await state.inputsHash(model);
    const last = state.lastRun(model.name);
    if (!last || last.sql_hash !== sqlHash || last.inputs_hash !== inputsHash || !state.exists(model)) stale.push(model.name);
    state.built(model, sqlHash, inputsHash);
  }
  return stale;
}

/** One line per model, the same columns for every status: name, status, rows, milliseconds. */
export function statusLine(name: string, status: ModelResult['status'], rows: number | undefined, ms: number): string {
  return `${name.padEnd(32)} ${status.padEnd(8)} ${String(rows ?? 'view').padStart(9)} rows  ${ms.toFixed(0).padStart(6)} ms`;
}

/**
 * The fingerprints a build compares: a base table's from its content (computed once per build),
 * a model's from the SQL and inputs it was last built with, so a model rebuilt from the same
 * inputs does not make what depends on it stale.
 */
class BuildState {
  private readonly tablePrints = new Map<string, Promise<string>>();
  private readonly modelPrints = new Map<string, string>();
  private readonly byName: Map<string, Model>;

  constructor(
    private readonly warehouse: Warehouse,
    models: Model[],
    readonly catalog: Map<string, TableInfo>,
    private readonly runs: Map<string, LastRun>,
    private readonly versions: Map<string, string>,
  ) {
    this.byName = new Map(models.map((m) => [m.name, m]));
  }

  lastRun(name: string): LastRun | undefined {
    return this.runs.get(name);
  }

  exists(model: Model): boolean {
    const info = this.catalog.get(model.name);
    return info !== undefined && (info.type === 'VIEW') === (model.materialized === 'view');
  }

  built(model: Model, sqlHash: string, inputsHash: string): void {
    this.modelPrints.set(model.name, digest(`${sqlHash}:${inputsHash}`));
  }

  async inputsHash(model: Model): Promise<string> {
    const parts: string[] = [];
    for (const dep of [...model.dependsOn].sort()) parts.push(`${dep}=${await this.fingerprint(dep)}`);
    return digest(parts.join('\n'));
  }

  private async fingerprint(name: string): Promise<string> {
    if (this.byName.has(name)) {
      const known = this.modelPrints.get(name);
      if (known) return known;
      // Not built in this run (--select): as it was last built, or missing.
      const last = this.runs.get(name);
      return last ? digest(`${last.sql_hash}:${last.inputs_hash}`) : 'never-built';
    }
    let print = this.tablePrints.get(name);
    if (!print) {
      const info = this.catalog.get(name);
      print = info ? tableFingerprint(this.warehouse, info, this.versions.get(name)) : Promise.resolve('missing');
      this.tablePrints.set(name, print);
    }
    return print;
  }
}

async function lastRuns(warehouse: Warehouse): Promise<Map<string, LastRun>> {
  const rows = await warehouse.all<LastRun & { model: string }>(`
    SELECT model, sql_hash, inputs_hash, rows FROM model_runs
    QUALIFY row_number() OVER (PARTITION BY model ORDER BY built_at DESC) = 1`);
  return new Map(rows.map((r) => [r.model, r]));
}

/** CREATE OR REPLACE cannot turn a table into a view or back: drop the old kind first. */
async function dropOtherKind(warehouse: Warehouse, model: Model, catalog: Map<string, TableInfo>): Promise<void> {
  const existing = catalog.get(model.name);
  if (!existing) return;
  const isView = existing.type === 'VIEW';
  if (isView !== (model.materialized === 'view')) {
    await warehouse.run(`DROP ${isView ? 'VIEW' : 'TABLE'} IF EXISTS ${quoteIdent(model.name)}`);
  }
}

export function materializeSql(model: Model): string {
  const kind = model.materialized === 'view' ? 'VIEW' : 'TABLE';
  return `CREATE OR REPLACE ${kind} ${quoteIdent(model.name)} AS\n${model.sql}`;
}

/** Changes with the SQL text and with how it is materialised. */
export function sqlHashOf(model: Model): string {
  return digest(`${model.materialized}\n${model.sql}`);
}

/** @deprecated use sqlHashOf */
export const sqlHash = sqlHashOf;

/** Tables other commands write: a model that needs one which is not there yet is skipped, not failed. */
const PRODUCED_BY: Record<string, string> = {
  message_enrichment: '`buzon enrich`',
  message_issues: '`buzon enrich`',
  sender_enrichment: '`buzon enrich`',
};

/** A dependency must be another model or a table or view already in the warehouse. */
function missingInputs(model: Model, models: Model[], catalog: Map<string, TableInfo>): string[] {
  return model.dependsOn.filter((d) => !catalog.has(d) && !models.some((m) => m.name === d));
}

/**
 * A model must declare every table it reads: an undeclared input would not make it stale when that
 * input changes. DuckDB's own parser lists the tables (common table expressions excluded).
 */
async function checkDeclaredDependencies(warehouse: Warehouse, model: Model): Promise<void> {
  const read = await referencedTables(warehouse, model.sql);
  const undeclared = read.filter((t) => !model.dependsOn.includes(t));
  if (undeclared.length) {
    throw new ConfigError(`reads ${undeclared.join(', ')} without declaring it: add it to "-- depends:"`);
  }
}

export async function referencedTables(warehouse: Warehouse, sql: string): Promise<string[]> {
  const json = await warehouse.scalar<string>('SELECT json_serialize_sql(CAST($sql AS VARCHAR))', { sql });
  const tree = JSON.parse(json) as { error?: boolean };
  if (tree.error) return [];
  const tables = new Set<string>();
  const ctes = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const n = node as { type?: string; table_name?: string; schema_name?: string; cte_map?: { map?: Array<{ key: string }> } };
    if (n.type === 'BASE_TABLE' && n.table_name && (!n.schema_name || n.schema_name === 'main')) tables.add(n.table_name);
    for (const entry of n.cte_map?.map ?? []) ctes.add(entry.key);
    Object.values(n).forEach(walk);
  };
  walk(tree);
  return [...tables].filter((t) => !ctes.has(t)).sort();
}
