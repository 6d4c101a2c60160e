/** Share of inbound messages touching each issue (multi-label: shares do not add up to 100%). */
import { ACCENT, PLOT_WIDTH, baseSpec, isSmall, type ChartEnv, type ChartResult, type ReportChart } from './chart-kit.ts';

export const issueShareBars: ReportChart = {
  id: 'issue-share',
  title: (t) => t.issueShare,
  intro: (t) => t.issueShareIntro,
  async build(env: ChartEnv): Promise<ChartResult> {
    const { sources, text, labels, format } = env;
    const missing = sources.missing('segment_issue_state', 'segment_state_time_of_week', 'report_senders');
    if (missing.length) return { missing };
    const issues = (await env.data.issueTotals())!;
    const totals = (await env.data.totals())!;
    if (!issues.length || !totals.messages) return { empty: true };
    const rows = issues.map((i) => {
      const hidden = isSmall(env, i.senders);
      const share = i.messages / totals.messages;
      return {
        issue: i.key, issue_label: labels.issue(i.key),
        share: hidden ? null : share, share_label: hidden ? format.suppressedLabel : format.percent(share),
        messages: hidden ? null : i.messages, messages_label: format.count(i.messages, hidden),
        senders: hidden ? null : i.senders, senders_label: format.count(i.senders, hidden),
        unclassified: i.key === 'sin_tema',
      };
    });
    // Issues by weight, the unclassified share last.
    rows.sort((a, b) => Number(a.unclassified) - Number(b.unclassified));
    const order = rows.map((r) => r.issue_label);
    const spec = baseSpec(env, {
      width: PLOT_WIDTH - 80,
      height: Math.max(120, rows.length * 22),
      datasets: { temas: rows },
      data: { name: 'temas' },
      encoding: {
        y: { field: 'issue_label', type: 'nominal', title: null, sort: order },
        x: { field: 'share', type: 'quantitative', title: text.share, axis: { format: '.0%' } },
        tooltip: [
          { field: 'issue_label', title: text.issue }, { field: 'share_label', title: text.share },
          { field: 'messages_label', title: text.messages }, { field: 'senders_label', title: text.senders },
        ],
      },
      layer: [
        { mark: { type: 'bar', cornerRadiusEnd: 2 }, encoding: { color: { condition: { test: 'datum.unclassified', value: '#9ca3af' }, value: ACCENT } } },
        { mark: { type: 'text', align: 'left', dx: 4, fontSize: 11, color: '#1f2937' }, encoding: { text: { field: 'share_label' }, x: { field: 'share', type: 'quantitative', impute: null } } },
      ],
    });
    return { spec };
  },
};
