/**
 * `buzon enrich`: every enrichment step, set-based in DuckDB, then the two contract tables
 * `message_enrichment` and `sender_enrichment` (see docs/enrichment.md) and the classifier's two tables.
 * Incremental by default: only the messages of batches imported since the last run are enriched, and the
 * sender-level attributes of the senders they touch recomputed (enrich-state.ts says when a full run is
 * needed instead). Steps work on temp tables; the contract tables are written in one transaction.
 */
import type { BuzonContext } from '../db/context.ts';
import { formatCount } from '../core/logger.ts';
import { quoteIdent } from '../db/sql-identifiers.ts';
import { bumpTableVersion } from '../segment/input-fingerprint.ts';
import { resolveAges } from './age-step.ts';
import { detectChains, resetChainTables } from './chain-step.ts';
import { activeModel } from './classifier-store.ts';
import { dropLabels, labelDocuments } from './issue-classifier.ts';
import { NO_ISSUE } from './issue-taxonomy.ts';
import { loadEnrichSettings, type EnrichSettings } from './enrich-settings.ts';
import { configHash, invalidateEnrichState, planEnrichment, recordRun, type EnrichPlan } from './enrich-state.ts';
import { buildSenderList, collectMentions, gatherMentions, resolveGeography } from './geography-step.ts';
import { buildMentionPattern, computeMessageSignals } from './message-signals-step.ts';
import { buildMessageText } from './message-text-step.ts';
import { loadReferenceTables } from './reference-tables.ts';
import { recordEvents, resetEventTables } from './sender-events-step.ts';
import {
  prepareMessageEnrichment, prepareSenderEnrichment, writeMessageEnrichment, writeSenderEnrichment, type IssueSource,
} from './enrichment-tables.ts';

export interface EnrichOptions {
  /** Run the issue classifier (default true). Off: keep the labels already stored; unlabelled messages are 'sin_tema'. */
  classify?: boolean;
  /** Root of the country data folders (default: the repository's data/). */
  dataRoot?: string;
  /** Re-enrich every message, not only the new batches (also done by itself when settings, data, taxonomy or model changed). */
  full?: boolean;
}

export interface EnrichStep {
  step: string;
  rows: number;
  ms: number;
}

export interface EnrichSummary {
  messages: number;
  senders: number;
  steps: EnrichStep[];
  ms: number;
  issueSource: 'classifier' | 'none';
  mode: EnrichPlan['mode'];
  /** Why a full run, or 'new batches'. */
  reason: string;
  /** Senders whose enrichment rows changed. */
  changedSenders: number;
}

const TEMP_TABLES = [
  'enrich_scope', 'enrich_bodies', 'enrich_signals', 'enrich_chain_changes', 'enrich_doc_issues', 'enrich_senders', 'enrich_mentions',
  'enrich_geo', 'enrich_zone_offsets', 'enrich_age_bands', 'enrich_age', 'enrich_sender_rows', 'enrich_changed_senders',
  'enrich_zone_changed', 'enrich_rechained', 'enrich_retimed', 'enrich_changes',
  'ref_states', 'ref_aliases', 'ref_alias_keys', 'ref_area_codes', 'ref_zone_overrides', 'ref_calling_codes',
];

export async function enrichWarehouse(context: BuzonContext, options: EnrichOptions = {}): Promise<EnrichSummary> {
  const { warehouse, logger } = context;
  const started = performance.now();
  const steps: EnrichStep[] = [];
  const step = async (name: string, work: () => Promise<number>): Promise<number> => {
    const t0 = performance.now();
    const rows = await work();
    const ms = Math.round(performance.now() - t0);
    steps.push({ step: name, rows, ms });
    logger.info(`enrich ${name}: ${formatCount(rows)} rows, ${formatCount(ms)} ms`);
    return rows;
  };

  const classify = options.classify !== false;
  const settings: EnrichSettings = await loadEnrichSettings(warehouse);
  const model = classify ? await activeModel(warehouse) : undefined;
  const plan = await planEnrichment(
    warehouse, configHash({ settings, classify, modelVersion: model?.version, dataRoot: options.dataRoot }), classify, options.full === true);
  const full = plan.mode === 'full';
  logger.info(`enrich: ${full ? `full run (${plan.reason})` : 'new batches only'}`);
  if (!classify) await createEmptyIssueTables(context);
  const issueSource: IssueSource = classify ? 'classifier' : 'stored';
  try {
    const info = await loadReferenceTables(warehouse, settings.homeCountry, options.dataRoot);
    // The country's own name ("México") is never read as one of its states.
    const countryName = new Intl.DisplayNames(['es'], { type: 'region' }).of(info.countryIso) ?? info.countryIso;
    const countryKey = countryName.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
    const mentionPattern = await buildMentionPattern(warehouse);

    // The steps build temp tables and add to the enrichment state tables outside any transaction (temp tables
    // built inside one cost far more); the run's record is cleared first, so a run stopped halfway leaves a state
    // the next run does not trust (it is then a full one). The contract tables are written in one transaction.
    await invalidateEnrichState(warehouse);
    if (full) {
      await resetChainTables(warehouse);
      await resetEventTables(warehouse);
    }
    await step('text', () => buildMessageText(warehouse, plan.sinceBatch, settings.chainMinWords));
    await step('chains', () => detectChains(warehouse, { minWords: settings.chainMinWords, minSenders: settings.chainMinSenders, full }));
    await step('signals', () => computeMessageSignals(warehouse, mentionPattern));
    await step('issues', () => classifyScope(context, classify));
    await step('events', () => recordEvents(warehouse, full));
    const senders = await step('senders', () => buildSenderList(warehouse, full, plan.sinceBatch));
    await step('mentions', async () => {
      await collectMentions(warehouse, info, countryKey);
      return gatherMentions(warehouse);
    });
    await step('geography', () => resolveGeography(warehouse, info, mentionPattern, settings.defaultTz));
    await step('age', () => resolveAges(warehouse, settings.ageBands));
    await step('senders_changed', () => prepareSenderEnrichment(warehouse, full));
    await step('messages_changed', () => prepareMessageEnrichment(warehouse, full));
    const result = await warehouse.transaction(async () => {
      await step('sender_enrichment', () => writeSenderEnrichment(warehouse, full));
      const messages = await step('message_enrichment', () => writeMessageEnrichment(warehouse, full, issueSource));
      if (classify) await step('message_issues', () => writeIssueTables(context, full));
      const changed = await recordChanges(context, plan);
      return { messages, senders, changed };
    });
    const ms = Math.round(performance.now() - started);
    logger.info(`enriched ${formatCount(result.messages)} messages, ${formatCount(result.senders)} senders (${plan.mode}) in ${formatCount(ms)} ms`);
    return {
      messages: result.messages, senders: result.senders, steps, ms, issueSource: classify ? 'classifier' : 'none',
      mode: plan.mode, reason: plan.reason, changedSenders: result.changed,
    };
  } finally {
    await dropLabels(warehouse).catch(() => {});
    for (const table of TEMP_TABLES) await warehouse.run(`DROP TABLE IF EXISTS temp.${quoteIdent(table)}`).catch(() => {});
  }
}

/** enrich_doc_issues(body_id, primary_issue, issues, issue_source): the classifier's labels per text of the scope. */
async function classifyScope(context: BuzonContext, classify: boolean): Promise<number> {
  const { warehouse } = context;
  if (!classify) return 0;
  await labelDocuments(context, 'SELECT doc_id, body FROM enrich_bodies');
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE enrich_doc_issues AS
    SELECT b.body_id, s.primary_issue, s.issues, s.issue_source FROM issue_doc_summary s JOIN enrich_bodies b USING (doc_id)`);
  return warehouse.scalar<number>('SELECT count(*) FROM enrich_doc_issues');
}

/** message_issues and message_issue_summary rows of the scope: replaced (full) or appended. */
async function writeIssueTables(context: BuzonContext, full: boolean): Promise<number> {
  const { warehouse } = context;
  const labels = `
    SELECT m.message_id, l.issue, round(l.confidence, 4) AS confidence, l.source
    FROM enrich_scope m JOIN enrich_bodies b USING (body_id) JOIN issue_doc_labels l USING (doc_id) WHERE l.labelled`;
  const summary = `
    SELECT m.message_id, coalesce(i.primary_issue, $none) AS primary_issue, coalesce(i.issues, []::VARCHAR[]) AS issues, i.issue_source
    FROM enrich_scope m LEFT JOIN enrich_doc_issues i USING (body_id)`;
  if (full) {
    await warehouse.run(`CREATE OR REPLACE TABLE message_issues AS ${labels}`);
    await warehouse.run(`CREATE OR REPLACE TABLE message_issue_summary AS ${summary}`, { none: NO_ISSUE });
  } else {
    await warehouse.run(`INSERT INTO message_issues ${labels}`);
    await warehouse.run(`INSERT INTO message_issue_summary ${summary}`, { none: NO_ISSUE });
  }
  return warehouse.scalar<number>('SELECT count(*) FROM enrich_scope');
}

/**
 * Records the run, the senders whose enrichment rows changed (incremental runs: for builds that merge per sender),
 * and a new version of each contract table that changed, so `buzon build` rebuilds only what depends on them.
 */
async function recordChanges(context: BuzonContext, plan: EnrichPlan): Promise<number> {
  const { warehouse } = context;
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE enrich_changes AS
    SELECT sender_key FROM enrich_scope
    UNION SELECT sender_key FROM enrich_changed_senders
    UNION SELECT sender_key FROM enrich_zone_changed
    UNION SELECT sender_key FROM enrich_rechained`);
  const changed = await warehouse.scalar<number>('SELECT count(*) FROM enrich_changes');
  const runId = await recordRun(warehouse, plan, changed);
  if (plan.mode === 'incremental') await warehouse.run('INSERT INTO enrichment_changes SELECT $run, sender_key FROM enrich_changes', { run: runId });
  const scope = await warehouse.scalar<number>('SELECT count(*) FROM enrich_scope');
  const rewritten = await warehouse.scalar<number>('SELECT (SELECT count(*) FROM enrich_zone_changed) + (SELECT count(*) FROM enrich_rechained)');
  const sendersChanged = await warehouse.scalar<number>('SELECT count(*) FROM enrich_changed_senders');
  const full = plan.mode === 'full';
  if (!(await hasTable(context, 'table_versions'))) return changed;
  if (full || scope > 0 || rewritten > 0) await bumpTableVersion(warehouse, 'message_enrichment');
  if (full || sendersChanged > 0) await bumpTableVersion(warehouse, 'sender_enrichment');
  if (full || scope > 0) {
    for (const table of ['message_issues', 'message_issue_summary']) await bumpTableVersion(warehouse, table);
  }
  return changed;
}

async function hasTable(context: BuzonContext, table: string): Promise<boolean> {
  return (await context.warehouse.scalar<number>(
    "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' AND table_name = $t", { t: table })) > 0;
}

/**
 * Without the classifier: the labels already in the warehouse are kept (messages never classified count as
 * 'sin_tema'); a warehouse that never had any gets the classifier's two tables, empty.
 */
async function createEmptyIssueTables({ warehouse }: BuzonContext): Promise<void> {
  await warehouse.run(`
    CREATE TABLE IF NOT EXISTS message_issue_summary (message_id VARCHAR, primary_issue VARCHAR, issues VARCHAR[], issue_source VARCHAR)`);
  await warehouse.run(`
    CREATE TABLE IF NOT EXISTS message_issues (message_id VARCHAR, issue VARCHAR, confidence DOUBLE, source VARCHAR)`);
}
