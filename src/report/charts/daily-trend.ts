/**
 * Inbound messages per local day, stacked by primary issue (the top issues, the rest as "other").
 * Without enrichment it falls back to the spine's messages_per_day, with no issue breakdown.
 */
import { listValue } from '@duckdb/node-api';
import { PLOT_WIDTH, baseSpec, isSmall, safeCount, type ChartEnv, type ChartResult, type ReportChart } from './chart-kit.ts';

const TOP_ISSUES = 6;

interface DayCell {
  day: string;
  issue: string;
  messages: number;
  senders: number;
}

/**
 * Keeps the top issues (by messages) and 'sin_tema', and folds the rest into 'otros'. An 'otros'
 * cell's senders is the largest of its parts: a lower bound of its distinct senders, so a cell it
 * lets through has at least k of them.
 */
function mergeMinorIssues(cells: DayCell[]): DayCell[] {
  const totals = new Map<string, number>();
  for (const c of cells) if (c.issue !== 'sin_tema') totals.set(c.issue, (totals.get(c.issue) ?? 0) + c.messages);
  const top = new Set([...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, TOP_ISSUES).map(([k]) => k));
  const merged = new Map<string, DayCell>();
  for (const c of cells) {
    const issue = top.has(c.issue) || c.issue === 'sin_tema' ? c.issue : 'otros';
    const key = `${c.day}|${issue}`;
    const cell = merged.get(key);
    if (!cell) merged.set(key, { ...c, issue });
    else {
      cell.messages += c.messages;
      cell.senders = Math.max(cell.senders, c.senders);
    }
  }
  return [...merged.values()];
}

export const dailyTrend: ReportChart = {
  id: 'daily-trend',
  title: (t) => t.daily,
  intro: (t) => t.dailyIntro,
  async build(env: ChartEnv): Promise<ChartResult> {
    const { sources, text, labels, format } = env;
    const notes: string[] = [];
    let cells: DayCell[];
    if (sources.has('report_inbound')) {
      const rel = sources.rel('report_inbound');
      // Distinct senders only decide suppression. Exact counts per day and issue cost a hash of every
      // (day, issue, sender) triple; HyperLogLog (~2% error) settles the cells far above k, and the
      // cells estimated below 2k are counted exactly.
      const perIssue = await sources.all<DayCell>(
        `SELECT strftime(day, '%Y-%m-%d') AS day, primary_issue AS issue, count(*) AS messages, approx_count_distinct(sender_key) AS senders
         FROM ${rel} GROUP BY ALL ORDER BY day, issue`);
      const near = perIssue.filter((c) => c.senders < 2 * format.k).map((c) => `${c.day}|${c.issue}`);
      if (near.length) {
        const exact = new Map((await sources.all<{ key: string; senders: number }>(
          `SELECT strftime(day, '%Y-%m-%d') || '|' || primary_issue AS key, count(DISTINCT sender_key) AS senders
           FROM ${rel} WHERE list_contains($keys, strftime(day, '%Y-%m-%d') || '|' || primary_issue) GROUP BY 1`,
          { keys: listValue(near) })).map((r) => [r.key, r.senders]));
        for (const c of perIssue) c.senders = exact.get(`${c.day}|${c.issue}`) ?? c.senders;
      }
      cells = mergeMinorIssues(perIssue);
    } else if (!sources.scoped && sources.has('messages_per_day')) {
      cells = await sources.all<DayCell>(
        `SELECT strftime(day, '%Y-%m-%d') AS day, '_all' AS issue, messages, senders
         FROM ${sources.rel('messages_per_day')} WHERE direction = 'in' ORDER BY day`);
      notes.push(text.fallbackNote(text.fallbackDaily));
    } else {
      return { missing: sources.missing('message_enrichment', 'sender_enrichment') };
    }
    if (!cells.length) return { empty: true };
    const issueTotals = new Map<string, number>();
    for (const c of cells) issueTotals.set(c.issue, (issueTotals.get(c.issue) ?? 0) + c.messages);
    const rank = (issue: string) => (issue === 'otros' ? 1e15 : issue === 'sin_tema' ? 1e16 : -(issueTotals.get(issue) ?? 0));
    const issueOrder = [...issueTotals.keys()].sort((a, b) => rank(a) - rank(b));
    const issueLabel = (k: string) => (k === '_all' ? text.messages : labels.issue(k));
    const rows = cells.map((c) => {
      const { value, label } = safeCount(env, c.messages, isSmall(env, c.senders));
      return { day: c.day, day_label: format.shortDate(c.day), issue: c.issue, issue_label: issueLabel(c.issue), order: issueOrder.indexOf(c.issue), messages: value, label };
    });
    if (rows.some((r) => r.messages === null)) notes.push(text.suppressedNote(String(format.k)));
    const days = new Set(cells.map((c) => c.day)).size;
    const palette = ['#c2410c', '#2563eb', '#059669', '#7c3aed', '#d97706', '#db2777', '#6b7280', '#cbd5e1'];
    const colors = issueOrder.map((k, i) => (k === 'otros' ? '#6b7280' : k === 'sin_tema' ? '#cbd5e1' : palette[i % 6]!));
    const spec = baseSpec(env, {
      width: PLOT_WIDTH - 60,
      height: 230,
      datasets: { por_dia: rows },
      data: { name: 'por_dia' },
      mark: { type: days > 45 ? 'area' : 'bar', ...(days > 45 ? {} : { width: { band: 0.8 } }) },
      encoding: {
        x: { field: 'day', type: 'temporal', timeUnit: 'yearmonthdate', title: null, axis: { format: days > 14 ? '%e %b' : '%a %e', labelAngle: days > 21 ? -40 : 0, labelOverlap: true } },
        y: { field: 'messages', type: 'quantitative', title: text.messages, stack: 'zero', axis: { format: ',.0f' } },
        color: {
          field: 'issue_label', type: 'nominal', title: text.issue,
          sort: issueOrder.map(issueLabel), scale: { domain: issueOrder.map(issueLabel), range: colors },
          legend: issueOrder.length > 1 ? {} : null,
        },
        order: { field: 'order', type: 'quantitative' },
        tooltip: [{ field: 'day_label', title: text.day }, { field: 'issue_label', title: text.issue }, { field: 'label', title: text.messages }],
      },
    });
    return { spec, notes };
  },
};
