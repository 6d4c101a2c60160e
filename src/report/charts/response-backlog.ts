/**
 * Share of inbound messages answered and median time to first reply, by issue (response_backlog)
 * and by state (counted once per message; see ReportData.backlogByState).
 */
import { UNKNOWN } from '../report-text.ts';
import type { BacklogRow } from '../report-data.ts';
import { PLOT_WIDTH, baseSpec, htmlTable, isSmall, type ChartEnv, type ChartResult, type ReportChart } from './chart-kit.ts';

const STATES_SHOWN = 12;

interface BacklogChartRow {
  group: 'issue' | 'state';
  key: string;
  label: string;
  answered_share: number | null;
  share_label: string;
  inbound: number | null;
  inbound_label: string;
  answered_label: string;
  unanswered_label: string;
  median_minutes: number | null;
  median_label: string;
  bar_label: string;
}

export const responseBacklog: ReportChart = {
  id: 'response-backlog',
  title: (t) => t.backlog,
  intro: (t) => t.backlogIntro,
  async build(env: ChartEnv): Promise<ChartResult> {
    const { sources, text, labels, format } = env;
    // With a scope, answered / unanswered is recomputed per message in scope (ReportData).
    const missing = sources.scoped ? sources.missing('message_enrichment', 'segment_issue_state') : sources.missing('response_backlog', 'segment_issue_state');
    if (missing.length) return { missing };
    const byIssue = (await env.data.backlogByIssue())!;
    const issueSenders = new Map(((await env.data.issueTotals()) ?? []).map((i) => [i.key, i.senders]));
    const byState = (await env.data.backlogByState()) ?? [];
    const toRow = (group: BacklogChartRow['group'], b: BacklogRow, label: string, senders: number | undefined): BacklogChartRow => {
      const hidden = isSmall(env, senders) || b.inbound === 0;
      const share = b.inbound ? b.answered / b.inbound : 0;
      const median = hidden || b.median_minutes === null ? null : b.median_minutes;
      const shareLabel = hidden ? format.suppressedLabel : format.percent(share, 0);
      const medianLabel = hidden ? format.suppressedLabel : median === null ? '—' : format.minutes(median);
      return {
        group, key: b.key, label,
        answered_share: hidden ? null : share, share_label: shareLabel,
        inbound: hidden ? null : b.inbound, inbound_label: format.count(b.inbound, hidden),
        answered_label: format.count(b.answered, hidden), unanswered_label: format.count(b.unanswered, hidden),
        median_minutes: median, median_label: medianLabel,
        bar_label: hidden ? format.suppressedLabel : `${shareLabel} · ${medianLabel}`,
      };
    };
    const issueRows = [...byIssue]
      .sort((a, b) => Number(a.key === 'sin_tema') - Number(b.key === 'sin_tema'))
      .map((b) => toRow('issue', b, labels.issue(b.key), issueSenders.get(b.key)));
    const stateRows = byState
      .filter((b) => b.key !== '_all' && b.key !== UNKNOWN && !isSmall(env, b.senders))
      .slice(0, STATES_SHOWN)
      .map((b) => toRow('state', b, labels.state(b.key), b.senders));
    if (!issueRows.length) return { empty: true };
    const rows = [...issueRows, ...stateRows];

    const part = (group: 'issue' | 'state', title: string, count: number) => ({
      title,
      width: PLOT_WIDTH - 170,
      height: Math.max(60, count * 20),
      transform: [{ filter: `datum.group === '${group}'` }],
      encoding: {
        y: { field: 'label', type: 'nominal', title: null, sort: rows.filter((r) => r.group === group).map((r) => r.label), axis: { labelLimit: 150 } },
        x: { field: 'answered_share', type: 'quantitative', title: text.answeredShare, scale: { domain: [0, 1] }, axis: { format: '.0%' } },
        tooltip: [
          { field: 'label', title: group === 'issue' ? text.issue : text.state }, { field: 'inbound_label', title: text.inbound },
          { field: 'answered_label', title: text.answered }, { field: 'unanswered_label', title: text.unanswered },
          { field: 'share_label', title: text.answeredShare }, { field: 'median_label', title: text.medianReply },
        ],
      },
      layer: [
        { mark: { type: 'bar', color: '#0f766e', cornerRadiusEnd: 2 } },
        { mark: { type: 'text', align: 'left', dx: 4, fontSize: 10.5, color: '#1f2937' }, encoding: { text: { field: 'bar_label' } } },
      ],
    });
    const spec = baseSpec(env, {
      datasets: { respuesta: rows },
      data: { name: 'respuesta' },
      vconcat: [
        part('issue', text.byIssue, issueRows.length),
        ...(stateRows.length ? [part('state', text.byState, stateRows.length)] : []),
      ],
      resolve: { scale: { y: 'independent' } },
    });
    const tableHtml = htmlTable(
      [text.issue, text.inbound, text.answered, text.unanswered, text.answeredShare, text.medianReply],
      issueRows.map((r) => [r.label, r.inbound_label, r.answered_label, r.unanswered_label, r.share_label, r.median_label]),
      [false, true, true, true, true, true],
    );
    const notes = sources.scoped ? [text.backlogDoubleCount] : [text.medianReplyNote, text.backlogDoubleCount];
    return { spec, notes, tableHtml };
  },
};
