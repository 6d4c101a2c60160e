/**
 * What the last `buzon enrich` covered, so the next one enriches only what came since: the import
 * batches already enriched, and a hash of everything else the results depend on (settings, country
 * data, taxonomy, model, classifier on/off, this code's version). When any of that changed, or rows
 * went away (`buzon forget`), or a contract table is missing, the next run is a full one.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { Warehouse } from '../db/warehouse.ts';
import { countryDataFiles } from './country-data.ts';
import type { EnrichSettings } from './enrich-settings.ts';
import { DEFAULT_TAXONOMY_FILE } from './issue-taxonomy.ts';

/** Bump when a change to the enrichment code changes its results: the next run is then a full one. */
export const ENRICH_CODE_VERSION = 1;

export interface EnrichPlan {
  mode: 'full' | 'incremental';
  /** Why a full run (or 'new batches'). */
  reason: string;
  /** Rows with batch_id above this are new (full: -1). */
  sinceBatch: number;
  /** The highest batch id in the warehouse now: recorded as enriched when the run ends. */
  untilBatch: number;
  configHash: string;
  forgets: number;
}

export interface ConfigInputs {
  settings: EnrichSettings;
  classify: boolean;
  modelVersion?: number;
  dataRoot?: string;
}

/**
 * enrichment_runs: one row per run (kept: a short history). enrichment_changes: for each incremental
 * run, the senders whose enrichment rows were written, for builds that want to merge per sender.
 */
export async function ensureStateTables(warehouse: Warehouse): Promise<void> {
  await warehouse.run(`
    CREATE TABLE IF NOT EXISTS enrichment_runs (
      run_id BIGINT, mode VARCHAR, reason VARCHAR, config_hash VARCHAR, until_batch BIGINT, messages BIGINT,
      contacts BIGINT, forgets BIGINT, changed_senders BIGINT, finished_at TIMESTAMPTZ)`);
  await warehouse.run('CREATE TABLE IF NOT EXISTS enrichment_changes (run_id BIGINT, sender_key VARCHAR)');
}

export function configHash(inputs: ConfigInputs): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ code: ENRICH_CODE_VERSION, settings: inputs.settings, classify: inputs.classify, model: inputs.modelVersion ?? null }));
  const files = countryDataFiles(inputs.settings.homeCountry, inputs.dataRoot);
  for (const file of [files.states, files.aliases, files.areaCodes, files.timeZones, ...(inputs.classify ? [DEFAULT_TAXONOMY_FILE] : [])]) {
    hash.update(file);
    hash.update(existsSync(file) ? readFileSync(file) : 'missing');
  }
  return hash.digest('hex').slice(0, 24);
}

/** Full or incremental, and from which batch. */
export async function planEnrichment(warehouse: Warehouse, config: string, classify: boolean, forceFull: boolean): Promise<EnrichPlan> {
  await ensureStateTables(warehouse);
  const now = await warehouse.one<{ until: number; forgets: number; messages: number; contacts: number }>(`
    SELECT greatest((SELECT max(batch_id) FROM messages), (SELECT max(batch_id) FROM contacts), (SELECT max(batch_id) FROM contact_phones), -1) AS until,
           (SELECT count(*) FROM forget_log) AS forgets, (SELECT count(*) FROM messages) AS messages, (SELECT count(*) FROM contacts) AS contacts`);
  const base = { untilBatch: Number(now?.until ?? -1), configHash: config, forgets: Number(now?.forgets ?? 0) };
  const full = (reason: string): EnrichPlan => ({ mode: 'full', reason, sinceBatch: -1, ...base });
  if (forceFull) return full('--full');
  const last = await warehouse.one<{ config_hash: string; until_batch: number; messages: number; contacts: number; forgets: number }>(
    'SELECT config_hash, until_batch, messages, contacts, forgets FROM enrichment_runs ORDER BY run_id DESC LIMIT 1');
  if (!last) return full('first run');
  if (last.config_hash === INVALIDATED) return full('the last run did not finish, or buzon classify ran since');
  if (last.config_hash !== config) return full('settings, reference data, taxonomy or model changed');
  if (Number(last.forgets) !== base.forgets) return full('a sender was forgotten');
  const tables = classify ? CONTRACT_TABLES : CONTRACT_TABLES.slice(0, 2);
  const present = await warehouse.scalar<number>(
    `SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' AND table_name IN (${tables.map((t) => `'${t}'`).join(', ')})`);
  if (present !== tables.length) return full('an enrichment table is missing');
  // Rows at or below the last batch must be exactly those enriched: anything else means rows were deleted.
  const old = await warehouse.one<{ messages: number; contacts: number; enriched: number }>(
    `SELECT (SELECT count(*) FROM messages WHERE batch_id <= $b) AS messages, (SELECT count(*) FROM contacts WHERE batch_id <= $b) AS contacts,
            (SELECT count(*) FROM message_enrichment) AS enriched`, { b: last.until_batch });
  if (Number(old?.messages) !== Number(last.messages) || Number(old?.enriched) !== Number(last.messages)) return full('messages changed since the last run');
  if (Number(old?.contacts) > Number(last.contacts)) return full('contacts changed since the last run');
  return { mode: 'incremental', reason: 'new batches', sinceBatch: Number(last.until_batch), ...base };
}

export const CONTRACT_TABLES = ['message_enrichment', 'sender_enrichment', 'message_issues', 'message_issue_summary'];

/** Records the run; returns its id. */
export async function recordRun(warehouse: Warehouse, plan: EnrichPlan, changedSenders: number): Promise<number> {
  const runId = Number(await warehouse.scalar<number>('SELECT coalesce(max(run_id), 0) + 1 FROM enrichment_runs'));
  await warehouse.run(
    `INSERT INTO enrichment_runs
     SELECT $run, $mode, $reason, $config, $until, (SELECT count(*) FROM messages), (SELECT count(*) FROM contacts), $forgets, $changed, now()`,
    { run: runId, mode: plan.mode, reason: plan.reason, config: plan.configHash, until: plan.untilBatch, forgets: plan.forgets, changed: changedSenders },
  );
  // A short history is enough to see what happened; the change lists of old runs are of no use once built.
  await warehouse.run('DELETE FROM enrichment_runs WHERE run_id <= $run - 50', { run: runId });
  await warehouse.run('DELETE FROM enrichment_changes WHERE run_id <= $run - 50', { run: runId });
  return runId;
}

const INVALIDATED = 'invalidated';

/**
 * Before a run changes anything, and after a command rewrote the enrichment outside `buzon enrich` (`buzon
 * classify`): the next enrich is a full one unless a run records itself as finished.
 */
export async function invalidateEnrichState(warehouse: Warehouse): Promise<void> {
  const exists = await warehouse.scalar<number>(
    "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' AND table_name = 'enrichment_runs'");
  if (exists) {
    await warehouse.run(`UPDATE enrichment_runs SET config_hash = '${INVALIDATED}' WHERE run_id = (SELECT max(run_id) FROM enrichment_runs)`);
  }
}
