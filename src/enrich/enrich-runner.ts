/**
 * `buzon enrich`: every enrichment step, set-based in DuckDB, then the two contract tables
 * `message_enrichment` and `sender_enrichment` (see docs/enrichment.md) rebuilt from scratch.
 * Steps work on temp tables; the contract tables are replaced in one transaction at the end.
 */
import type { BuzonContext } from '../db/context.ts';
import { formatCount } from '../core/logger.ts';
import { quoteIdent } from '../db/sql-identifiers.ts';
import { resolveAges } from './age-step.ts';
import { detectChains } from './chain-step.ts';
import { classifyIssues } from './issue-classifier.ts';
import { loadEnrichSettings, type EnrichSettings } from './enrich-settings.ts';
import { buildSenderList, collectMentions, resolveGeography } from './geography-step.ts';
import { buildMentionPattern, computeMessageSignals } from './message-signals-step.ts';
import { buildMessageText } from './message-text-step.ts';
import { loadReferenceTables } from './reference-tables.ts';
import { assembleMessageEnrichment, assembleSenderEnrichment } from './enrichment-tables.ts';

export interface EnrichOptions {
  /** Run the issue classifier (default true). Off: keep the labels already stored; unlabelled messages are 'sin_tema'. */
  classify?: boolean;
  /** Root of the country data folders (default: the repository's data/). */
  dataRoot?: string;
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
}

const TEMP_TABLES = [
  'enrich_msgs', 'enrich_bodies', 'chain_texts', 'chain_pairs', 'chain_sigs', 'chain_edges', 'chain_labels', 'enrich_chains', 'enrich_signals',
  'enrich_senders', 'enrich_mentions', 'enrich_geo', 'enrich_zone_offsets', 'enrich_age_bands', 'enrich_age',
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

  let issueSource: EnrichSummary['issueSource'] = 'none';
  const settings: EnrichSettings = await loadEnrichSettings(warehouse);
  try {
    const info = await loadReferenceTables(warehouse, settings.homeCountry, options.dataRoot);
    // The country's own name ("México") is never read as one of its states.
    const countryName = new Intl.DisplayNames(['es'], { type: 'region' }).of(info.countryIso) ?? info.countryIso;
    const countryKey = countryName.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();

    await step('text', () => buildMessageText(warehouse));
    await step('chains', () => detectChains(warehouse, { minWords: settings.chainMinWords, minSenders: settings.chainMinSenders }));
    const mentionPattern = await buildMentionPattern(warehouse);
    await step('signals', () => computeMessageSignals(warehouse, mentionPattern));
    await step('issues', async () => {
      if (options.classify === false) {
        await createEmptyIssueTables(context);
        return 0;
      }
      await classifyIssues(context);
      issueSource = 'classifier';
      return warehouse.scalar<number>("SELECT count(*) FROM message_issue_summary WHERE primary_issue <> 'sin_tema'");
    });
    const senders = await step('senders', () => buildSenderList(warehouse));
    await step('mentions', () => collectMentions(warehouse, info, countryKey));
    await step('geography', () => resolveGeography(warehouse, info, mentionPattern, settings.defaultTz));
    let messages = 0;
    await warehouse.transaction(async () => {
      messages = await step('message_enrichment', () => assembleMessageEnrichment(warehouse));
      await step('age', () => resolveAges(warehouse, settings.ageBands));
      await step('sender_enrichment', () => assembleSenderEnrichment(warehouse));
    });
    const ms = Math.round(performance.now() - started);
    logger.info(`enriched ${formatCount(messages)} messages from ${formatCount(senders)} senders in ${formatCount(ms)} ms`);
    return { messages, senders, steps, ms, issueSource };
  } finally {
    for (const table of TEMP_TABLES) await warehouse.run(`DROP TABLE IF EXISTS temp.${quoteIdent(table)}`).catch(() => {});
  }
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
