/**
 * `buzon eval --truth FILE`: measures the enriched warehouse against a truth file (CSV with
 * message_id and any of issues, state, age_band, noise, optout, chain — what `buzon generate` writes
 * and what readers' labels look like). Every number is computed set-based in DuckDB.
 */
import { InputError } from '../core/errors.ts';
import type { BuzonContext } from '../db/context.ts';
import { quoteIdent } from '../db/sql-identifiers.ts';
import type { Warehouse } from '../db/warehouse.ts';
import { NO_ISSUE } from './issue-taxonomy.ts';
import { dropCsvTable, issueListSql, loadCsvFile } from './label-importer.ts';

export interface PrfRow {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface IssueScores {
  perIssue: Array<PrfRow & { issue: string; support: number }>;
  macroF1: number;
  microF1: number;
}

export interface EvalReport {
  truthFile: string;
  truthRows: number;
  /** Truth rows whose message is in the warehouse. */
  matched: number;
  notes: string[];
  issues?: IssueScores & {
    messages: number;
    rulesAlone?: IssueScores;
    modelAlone?: IssueScores;
    /** Truth issue (or sin_tema) x predicted issue (or sin_tema): messages with both. */
    confusion: { labels: string[]; counts: Record<string, Record<string, number>> };
  };
  state?: SenderAccuracy;
  ageBand?: SenderAccuracy;
  noise?: { messages: number; perClass: Array<PrfRow & { noise: string; support: number }> };
  optout?: { messages: number; optout: PrfRow & { support: number }; optin: PrfRow & { support: number } };
  chain?: { messages: number; truthPairs: number; predictedPairs: number; commonPairs: number; precision: number; recall: number; f1: number };
}

export interface SenderAccuracy {
  /** Senders with a truth value. */
  senders: number;
  /** Of those, senders buzon gave a value. */
  predicted: number;
  correct: number;
  /** correct / senders */
  accuracy: number;
  /** correct / predicted */
  precision: number;
}

const COLUMNS = ['issues', 'state', 'age_band', 'noise', 'optout', 'chain'] as const;

export async function runEvaluation(context: BuzonContext, truthFile: string): Promise<EvalReport> {
  const { warehouse } = context;
  const header = await loadCsvFile(warehouse, truthFile, 'eval_truth_raw');
  const find = (name: string) => header.find((h) => h.trim().toLowerCase() === name);
  const idColumn = find('message_id');
  if (!idColumn) throw new InputError(`a truth file needs a message_id column (found: ${header.join(', ')})`, { file: truthFile, line: 1 });
  const present = COLUMNS.filter((c) => find(c));
  if (!present.length) throw new InputError(`nothing to evaluate: the truth file has none of ${COLUMNS.join(', ')}`, { file: truthFile, line: 1 });
  const cell = (name: string) => {
    const column = find(name);
    return column ? `nullif(trim(t.${quoteIdent(column)}), '')` : 'NULL::VARCHAR';
  };
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE eval_truth AS
     SELECT DISTINCT ON (t.message_id) t.message_id, m.sender_key, m.direction, t.issues, t.state, t.age_band, t.noise, t.optout, t.chain
     FROM (
       SELECT trim(t.${quoteIdent(idColumn)}) AS message_id, line,
              ${find('issues') ? issueListSql(`t.${quoteIdent(find('issues')!)}`) : 'NULL::VARCHAR[]'} AS issues,
              upper(${cell('state')}) AS state, ${cell('age_band')} AS age_band, lower(${cell('noise')}) AS noise,
              lower(${cell('optout')}) AS optout, ${cell('chain')} AS chain
       FROM eval_truth_raw t
     ) t JOIN messages m USING (message_id)
     ORDER BY t.message_id, t.line DESC`,
  );
  const truthRows = await warehouse.scalar<number>('SELECT count(*) FROM eval_truth_raw');
  const matched = await warehouse.scalar<number>('SELECT count(*) FROM eval_truth');
  const report: EvalReport = { truthFile, truthRows, matched, notes: [] };
  if (matched < truthRows) report.notes.push(`${truthRows - matched} truth rows name messages that are not in the warehouse (skipped)`);
  const has = async (table: string) => tableExists(warehouse, table);

  if (present.includes('issues')) {
    if (await has('message_issue_summary')) report.issues = await evaluateIssues(warehouse);
    else report.notes.push('issues: no message_issue_summary (run buzon enrich or buzon classify)');
  }
  const enriched = await has('message_enrichment');
  const senders = await has('sender_enrichment');
  if (present.includes('state')) {
    if (senders) report.state = await senderAccuracy(warehouse, 'state', 'state_code');
    else report.notes.push('state: no sender_enrichment (run buzon enrich)');
  }
  if (present.includes('age_band')) {
    if (senders) report.ageBand = await senderAccuracy(warehouse, 'age_band', 'age_band');
    else report.notes.push('age_band: no sender_enrichment (run buzon enrich)');
  }
  for (const [column, run] of [
    ['noise', async () => { report.noise = await evaluateNoise(warehouse); }],
    ['optout', async () => { report.optout = await evaluateOptout(warehouse); }],
    ['chain', async () => { report.chain = await evaluateChains(warehouse); }],
  ] as const) {
    if (!present.includes(column)) continue;
    if (enriched) await run();
    else report.notes.push(`${column}: no message_enrichment (run buzon enrich)`);
  }
  await warehouse.run('DROP TABLE IF EXISTS eval_truth');
  await dropCsvTable(warehouse, 'eval_truth_raw');
  return report;
}

async function evaluateIssues(warehouse: Warehouse): Promise<NonNullable<EvalReport['issues']>> {
  // Issues are classified on inbound messages; the campaign's own replies are not scored.
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE eval_issue_truth AS
     SELECT message_id, issue FROM (SELECT message_id, unnest(issues) AS issue FROM eval_truth WHERE direction = 'in' AND issues IS NOT NULL)`,
  );
  const scope = "SELECT message_id FROM eval_truth WHERE direction = 'in' AND issues IS NOT NULL";
  const messages = await warehouse.scalar<number>(`SELECT count(*) FROM (${scope})`);
  const combined = await issueScores(warehouse, `SELECT message_id, unnest(issues) AS issue FROM message_issue_summary WHERE message_id IN (${scope})`);
  const result: NonNullable<EvalReport['issues']> = { messages, ...combined, confusion: await confusion(warehouse, scope) };
  // Rules and model combine as a union, so each layer's own labels are those it is a source of.
  if (await tableExists(warehouse, 'message_issues')) {
    const layer = (sources: string) => `SELECT message_id, issue FROM message_issues WHERE source IN (${sources}) AND message_id IN (${scope})`;
    result.rulesAlone = await issueScores(warehouse, layer("'rules', 'both'"));
    const modelRows = await warehouse.scalar<number>("SELECT count(*) FROM message_issues WHERE source IN ('model', 'both')");
    if (modelRows) result.modelAlone = await issueScores(warehouse, layer("'model', 'both'"));
  }
  await warehouse.run('DROP TABLE IF EXISTS eval_issue_truth');
  return result;
}

/** Per-issue counts of `predicted` (message_id, issue) against eval_issue_truth. */
async function issueScores(warehouse: Warehouse, predicted: string): Promise<IssueScores> {
  const rows = await warehouse.all<{ issue: string; tp: number; fp: number; fn: number }>(
    `WITH p AS (SELECT DISTINCT message_id, issue FROM (${predicted})),
     j AS (
       SELECT coalesce(t.issue, p.issue) AS issue, t.issue IS NOT NULL AS in_truth, p.issue IS NOT NULL AS in_pred
       FROM eval_issue_truth t FULL JOIN p ON p.message_id = t.message_id AND p.issue = t.issue
     )
     SELECT issue, count(*) FILTER (WHERE in_truth AND in_pred) AS tp, count(*) FILTER (WHERE in_pred AND NOT in_truth) AS fp,
            count(*) FILTER (WHERE in_truth AND NOT in_pred) AS fn
     FROM j GROUP BY issue ORDER BY issue`,
  );
  const perIssue = rows.map((r) => ({ issue: r.issue, ...prfOf(r.tp, r.fp, r.fn), support: r.tp + r.fn }));
  const total = rows.reduce((acc, r) => ({ tp: acc.tp + r.tp, fp: acc.fp + r.fp, fn: acc.fn + r.fn }), { tp: 0, fp: 0, fn: 0 });
  return { perIssue, macroF1: mean(perIssue.map((r) => r.f1)), microF1: prfOf(total.tp, total.fp, total.fn).f1 };
}

async function confusion(warehouse: Warehouse, scope: string): Promise<NonNullable<EvalReport['issues']>['confusion']> {
  const rows = await warehouse.all<{ truth: string; predicted: string; n: number }>(
    `WITH t AS (
       SELECT e.message_id, CASE WHEN len(e.issues) = 0 THEN [$none] ELSE e.issues END AS truth,
              CASE WHEN len(coalesce(s.issues, [])) = 0 THEN [$none] ELSE s.issues END AS predicted
       FROM eval_truth e LEFT JOIN message_issue_summary s USING (message_id) WHERE e.message_id IN (${scope})
     )
     SELECT truth, predicted, count(*) AS n
     FROM (SELECT truth, unnest(predicted) AS predicted FROM (SELECT unnest(truth) AS truth, predicted FROM t))
     GROUP BY ALL`,
    { none: NO_ISSUE },
  );
  const labels = [...new Set(rows.flatMap((r) => [r.truth, r.predicted]))].sort((a, b) => (a === NO_ISSUE ? 1 : b === NO_ISSUE ? -1 : a.localeCompare(b)));
  const counts: Record<string, Record<string, number>> = {};
  for (const label of labels) counts[label] = Object.fromEntries(labels.map((l) => [l, 0]));
  for (const r of rows) counts[r.truth]![r.predicted] = r.n;
  return { labels, counts };
}

/** Sender-level accuracy of a truth column (the sender's value, whatever message carries it). */
async function senderAccuracy(warehouse: Warehouse, truthColumn: 'state' | 'age_band', column: string): Promise<SenderAccuracy> {
  const row = await warehouse.one<{ senders: number; predicted: number; correct: number }>(
    `WITH t AS (
       SELECT sender_key, mode(${quoteIdent(truthColumn)}) AS truth FROM eval_truth WHERE ${quoteIdent(truthColumn)} IS NOT NULL GROUP BY sender_key
     )
     SELECT count(*) AS senders, count(s.${quoteIdent(column)}) AS predicted,
            count(*) FILTER (WHERE upper(s.${quoteIdent(column)}) = upper(t.truth)) AS correct
     FROM t LEFT JOIN sender_enrichment s USING (sender_key)`,
  );
  const senders = row?.senders ?? 0;
  const predicted = row?.predicted ?? 0;
  const correct = row?.correct ?? 0;
  return { senders, predicted, correct, accuracy: ratio(correct, senders), precision: ratio(correct, predicted) };
}

async function evaluateNoise(warehouse: Warehouse): Promise<NonNullable<EvalReport['noise']>> {
  const rows = await warehouse.all<{ noise: string; tp: number; fp: number; fn: number }>(
    `WITH j AS (SELECT t.noise AS truth, e.noise AS predicted FROM eval_truth t JOIN message_enrichment e USING (message_id)),
     classes AS (SELECT truth AS noise FROM j WHERE truth IS NOT NULL UNION SELECT predicted FROM j WHERE predicted IS NOT NULL)
     SELECT c.noise, count(*) FILTER (WHERE j.truth = c.noise AND j.predicted = c.noise) AS tp,
            count(*) FILTER (WHERE j.predicted = c.noise AND j.truth IS DISTINCT FROM c.noise) AS fp,
            count(*) FILTER (WHERE j.truth = c.noise AND j.predicted IS DISTINCT FROM c.noise) AS fn
     FROM classes c, j GROUP BY c.noise ORDER BY c.noise`,
  );
  const messages = await warehouse.scalar<number>('SELECT count(*) FROM eval_truth t JOIN message_enrichment e USING (message_id)');
  return { messages, perClass: rows.map((r) => ({ noise: r.noise, ...prfOf(r.tp, r.fp, r.fn), support: r.tp + r.fn })) };
}

async function evaluateOptout(warehouse: Warehouse): Promise<NonNullable<EvalReport['optout']>> {
  const row = await warehouse.one<Record<string, number>>(
    `WITH j AS (
       SELECT CASE WHEN t.optout IN ('1', 'optout', 'true', 'yes', 'si') THEN 'optout' WHEN t.optout IN ('optin', '2') THEN 'optin' END AS truth,
              e.optout_event AS predicted
       FROM eval_truth t JOIN message_enrichment e USING (message_id)
     )
     SELECT count(*) AS messages,
            count(*) FILTER (WHERE truth = 'optout' AND predicted = 'optout') AS out_tp,
            count(*) FILTER (WHERE predicted = 'optout' AND truth IS DISTINCT FROM 'optout') AS out_fp,
            count(*) FILTER (WHERE truth = 'optout' AND predicted IS DISTINCT FROM 'optout') AS out_fn,
            count(*) FILTER (WHERE truth = 'optin' AND predicted = 'optin') AS in_tp,
            count(*) FILTER (WHERE predicted = 'optin' AND truth IS DISTINCT FROM 'optin') AS in_fp,
            count(*) FILTER (WHERE truth = 'optin' AND predicted IS DISTINCT FROM 'optin') AS in_fn
     FROM j`,
  );
  const r = row ?? {};
  const n = (key: string) => r[key] ?? 0;
  return {
    messages: n('messages'),
    optout: { ...prfOf(n('out_tp'), n('out_fp'), n('out_fn')), support: n('out_tp') + n('out_fn') },
    optin: { ...prfOf(n('in_tp'), n('in_fp'), n('in_fn')), support: n('in_tp') + n('in_fn') },
  };
}

/** Pairwise: two messages of one truth cluster should share a chain_id, and vice versa. */
async function evaluateChains(warehouse: Warehouse): Promise<NonNullable<EvalReport['chain']>> {
  const row = await warehouse.one<{ messages: number; truth_pairs: number; predicted_pairs: number; common_pairs: number }>(
    `WITH j AS (SELECT t.chain AS truth, e.chain_id AS predicted FROM eval_truth t JOIN message_enrichment e USING (message_id))
     SELECT (SELECT count(*) FROM j) AS messages,
            (SELECT coalesce(sum(n * (n - 1) // 2), 0) FROM (SELECT count(*) AS n FROM j WHERE truth IS NOT NULL GROUP BY truth)) AS truth_pairs,
            (SELECT coalesce(sum(n * (n - 1) // 2), 0) FROM (SELECT count(*) AS n FROM j WHERE predicted IS NOT NULL GROUP BY predicted)) AS predicted_pairs,
            (SELECT coalesce(sum(n * (n - 1) // 2), 0)
             FROM (SELECT count(*) AS n FROM j WHERE truth IS NOT NULL AND predicted IS NOT NULL GROUP BY truth, predicted)) AS common_pairs`,
  );
  const messages = Number(row?.messages ?? 0);
  const truthPairs = Number(row?.truth_pairs ?? 0);
  const predictedPairs = Number(row?.predicted_pairs ?? 0);
  const commonPairs = Number(row?.common_pairs ?? 0);
  const precision = ratio(commonPairs, predictedPairs);
  const recall = ratio(commonPairs, truthPairs);
  return { messages, truthPairs, predictedPairs, commonPairs, precision, recall, f1: harmonic(precision, recall) };
}

export function prfOf(tp: number, fp: number, fn: number): PrfRow {
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  return { tp, fp, fn, precision, recall, f1: harmonic(precision, recall) };
}

function harmonic(p: number, r: number): number {
  return p + r ? round4((2 * p * r) / (p + r)) : 0;
}

function ratio(a: number, b: number): number {
  return b ? round4(a / b) : 0;
}

function mean(values: number[]): number {
  return values.length ? round4(values.reduce((s, v) => s + v, 0) / values.length) : 0;
}

function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}

async function tableExists(warehouse: Warehouse, table: string): Promise<boolean> {
  const n = await warehouse.scalar<number>(
    "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' AND table_name = $table",
    { table },
  );
  return n > 0;
}

// ------------------------------------------------------------------------------------ text output

/** The report as aligned text lines for a terminal. */
export function formatEvalReport(report: EvalReport): string[] {
  const lines: string[] = [`truth: ${report.truthFile} (${report.matched.toLocaleString('en-US')} of ${report.truthRows.toLocaleString('en-US')} rows matched)`];
  for (const note of report.notes) lines.push(`note: ${note}`);
  const pct = (x: number) => x.toFixed(3);
  if (report.issues) {
    const i = report.issues;
    lines.push('', `issues (${i.messages.toLocaleString('en-US')} inbound messages)`);
    lines.push(...table(['issue', 'support', 'tp', 'fp', 'fn', 'precision', 'recall', 'f1'],
      i.perIssue.map((r) => [r.issue, r.support, r.tp, r.fp, r.fn, pct(r.precision), pct(r.recall), pct(r.f1)])));
    lines.push(`macro-F1 ${pct(i.macroF1)}  micro-F1 ${pct(i.microF1)}  (combined: rules + model)`);
    if (i.rulesAlone) lines.push(`macro-F1 ${pct(i.rulesAlone.macroF1)}  micro-F1 ${pct(i.rulesAlone.microF1)}  (rules alone)`);
    if (i.modelAlone) lines.push(`macro-F1 ${pct(i.modelAlone.macroF1)}  micro-F1 ${pct(i.modelAlone.microF1)}  (model alone)`);
    lines.push('', 'confusion (rows: truth, columns: predicted; a message counts once per truth x predicted pair)');
    const labels = i.confusion.labels;
    lines.push(...table(['truth \\ predicted', ...labels.map(short)], labels.map((t) => [t, ...labels.map((p) => i.confusion.counts[t]![p]!)])));
  }
  for (const [name, acc] of [['state', report.state], ['age band', report.ageBand]] as const) {
    if (!acc) continue;
    lines.push('', `${name}: ${pct(acc.accuracy)} of ${acc.senders.toLocaleString('en-US')} senders with a known truth correct; ` +
      `${acc.predicted.toLocaleString('en-US')} given a value, ${pct(acc.precision)} of those correct`);
  }
  if (report.noise) {
    lines.push('', `noise (${report.noise.messages.toLocaleString('en-US')} messages)`);
    lines.push(...table(['noise', 'support', 'tp', 'fp', 'fn', 'precision', 'recall', 'f1'],
      report.noise.perClass.map((r) => [r.noise, r.support, r.tp, r.fp, r.fn, pct(r.precision), pct(r.recall), pct(r.f1)])));
  }
  if (report.optout) {
    const o = report.optout;
    lines.push('', `opt-out (${o.messages.toLocaleString('en-US')} messages)`);
    lines.push(...table(['event', 'support', 'tp', 'fp', 'fn', 'precision', 'recall', 'f1'], [
      ['optout', o.optout.support, o.optout.tp, o.optout.fp, o.optout.fn, pct(o.optout.precision), pct(o.optout.recall), pct(o.optout.f1)],
      ['optin', o.optin.support, o.optin.tp, o.optin.fp, o.optin.fn, pct(o.optin.precision), pct(o.optin.recall), pct(o.optin.f1)],
    ]));
  }
  if (report.chain) {
    const c = report.chain;
    lines.push('', `chains (pairs of messages): precision ${pct(c.precision)}  recall ${pct(c.recall)}  f1 ${pct(c.f1)}  ` +
      `(${c.commonPairs.toLocaleString('en-US')} common of ${c.truthPairs.toLocaleString('en-US')} truth and ${c.predictedPairs.toLocaleString('en-US')} predicted pairs)`);
  }
  return lines;
}

function short(label: string): string {
  return label.length > 8 ? label.slice(0, 8) : label;
}

function table(header: string[], rows: Array<Array<string | number>>): string[] {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, c) => Math.max(...cells.map((r) => r[c]!.length)));
  return cells.map((r) => r.map((v, c) => (c === 0 ? v.padEnd(widths[c]!) : v.padStart(widths[c]!))).join('  ').trimEnd());
}
