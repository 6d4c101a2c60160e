/** Issue x age band heatmap of distinct senders, with the count written in each cell. */
import { compareAgeBands } from '../report-text.ts';
import { PLOT_WIDTH, baseSpec, safeCount, type ChartEnv, type ChartResult, type ReportChart } from './chart-kit.ts';

export const issueAgeHeatmap: ReportChart = {
  id: 'issue-age',
  title: (t) => t.issueAge,
  intro: (t) => t.issueAgeIntro,
  async build(env: ChartEnv): Promise<ChartResult> {
    const { sources, text, labels } = env;
    const missing = sources.missing('segment_issue_age');
    if (missing.length) return { missing };
    const cells = await sources.all<{ issue: string; age_band: string; messages: number; senders: number; suppressed: boolean }>(
      `SELECT issue, age_band, messages, senders, suppressed FROM ${sources.rel('segment_issue_age')}`);
    if (!cells.length) return { empty: true };
    const issueOrder = new Map<string, number>();
    for (const c of cells) issueOrder.set(c.issue, (issueOrder.get(c.issue) ?? 0) + c.messages);
    const rows = cells.map((c) => {
      const senders = safeCount(env, c.senders, c.suppressed);
      const messages = safeCount(env, c.messages, c.suppressed);
      return {
        issue: c.issue, issue_label: labels.issue(c.issue), age_band: c.age_band, age_label: labels.ageBand(c.age_band),
        senders: senders.value, senders_label: senders.label, messages: messages.value, messages_label: messages.label,
      };
    }).sort((a, b) => a.issue.localeCompare(b.issue) || compareAgeBands(a.age_band, b.age_band));
    const bandOrder = [...new Set(cells.map((c) => c.age_band))].sort(compareAgeBands).map((b) => labels.ageBand(b));
    const issueSort = [...issueOrder.entries()]
      .sort((a, b) => Number(a[0] === 'sin_tema') - Number(b[0] === 'sin_tema') || b[1] - a[1])
      .map(([k]) => labels.issue(k));
    const height = Math.max(160, issueSort.length * 22);
    const encodingXY = {
      x: { field: 'age_label', type: 'ordinal', title: text.ageBand, sort: bandOrder, axis: { labelAngle: 0 } },
      y: { field: 'issue_label', type: 'ordinal', title: null, sort: issueSort },
    };
    const spec = baseSpec(env, {
      width: Math.min(PLOT_WIDTH - 60, bandOrder.length * 68),
      height,
      datasets: { temas_edad: rows },
      data: { name: 'temas_edad' },
      encoding: encodingXY,
      layer: [
        {
          mark: { type: 'rect', invalid: 'show', stroke: '#ffffff', strokeWidth: 1 },
          encoding: {
            color: { field: 'senders', type: 'quantitative', title: text.senders, scale: { scheme: 'blues' }, legend: { format: ',.0f', gradientLength: 150 } },
            tooltip: [
              { field: 'issue_label', title: text.issue }, { field: 'age_label', title: text.ageBand },
              { field: 'senders_label', title: text.senders }, { field: 'messages_label', title: text.messages },
            ],
          },
        },
        {
          mark: { type: 'text', fontSize: 10 },
          encoding: {
            text: { field: 'senders_label' },
            color: { condition: { test: `datum.senders !== null && datum.senders > ${0.55 * Math.max(0, ...rows.map((r) => r.senders ?? 0))}`, value: '#ffffff' }, value: '#1f2937' },
          },
        },
      ],
    });
    return { spec };
  },
};
