/**
 * Week x hour heatmap in senders' local time, overall and per issue (a selector). Without the
 * segment tables it falls back to the spine's messages_by_hour_of_week (Mexico City time) and says so.
 */
import { PLOT_WIDTH, baseSpec, isSmall, safeCount, type ChartEnv, type ChartResult, type ReportChart } from './chart-kit.ts';

interface HeatRow {
  issue: string;
  weekday: number;
  day: string;
  hour: number;
  hour_label: string;
  messages: number | null;
  label: string;
}

const ALL = '_all';

export const timeOfWeekHeatmap: ReportChart = {
  id: 'time-of-week',
  title: (t) => t.timeOfWeek,
  intro: (t) => t.timeOfWeekIntro,
  async build(env: ChartEnv): Promise<ChartResult> {
    const { sources, text, labels, format } = env;
    const notes: string[] = [];
    const rows: HeatRow[] = [];
    const row = (issue: string, weekday: number, hour: number, messages: number, senders: number): HeatRow => {
      const { value, label } = safeCount(env, messages, isSmall(env, senders));
      return { issue, weekday, day: labels.weekdayShort(weekday), hour, hour_label: format.hour(hour), messages: value, label };
    };
    let issueKeys: string[] = [];
    const overall = await env.data.timeOfWeek();
    if (overall) {
      for (const c of overall) rows.push(row(ALL, c.weekday, c.hour, c.messages, c.senders));
      if (sources.has('segment_issue_time_of_week')) {
        const cells = await sources.all<{ issue: string; weekday: number; hour: number; messages: number; senders: number; suppressed: boolean }>(
          `SELECT issue, local_weekday AS weekday, local_hour AS hour, sum(messages) AS messages, sum(senders) AS senders, bool_and(suppressed) AS suppressed
           FROM ${sources.rel('segment_issue_time_of_week')} GROUP BY 1, 2, 3`);
        const totals = new Map<string, number>();
        const perIssue: HeatRow[] = [];
        for (const c of cells) {
          const r = row(c.issue, c.weekday, c.hour, c.messages, c.suppressed ? 0 : c.senders);
          perIssue.push(r);
          // An issue is offered only when some of its cells can be shown.
          if (r.messages !== null) totals.set(c.issue, (totals.get(c.issue) ?? 0) + c.messages);
        }
        rows.push(...perIssue.filter((r) => totals.has(r.issue)));
        if (totals.size < new Set(cells.map((c) => c.issue)).size) notes.push(text.issuesTooSmall(String(format.k)));
        issueKeys = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
      }
    } else if (!sources.scoped && sources.has('messages_by_hour_of_week')) {
      const cells = await sources.all<{ weekday: number; hour: number; messages: number; senders: number }>(
        `SELECT weekday, hour, messages, senders FROM ${sources.rel('messages_by_hour_of_week')}`);
      for (const c of cells) rows.push(row(ALL, c.weekday, c.hour, c.messages, c.senders));
      notes.push(text.fallbackNote(text.fallbackTimeOfWeek));
    } else {
      return { missing: sources.missing('segment_state_time_of_week') };
    }
    if (!rows.length) return { empty: true };
    rows.sort((a, b) => a.issue.localeCompare(b.issue) || a.weekday - b.weekday || a.hour - b.hour);
    const options = [ALL, ...issueKeys];
    const dayOrder = [1, 2, 3, 4, 5, 6, 7].map((d) => labels.weekdayShort(d));
    const spec = baseSpec(env, {
      width: PLOT_WIDTH,
      height: 7 * 24,
      datasets: { actividad: rows },
      data: { name: 'actividad' },
      params: issueKeys.length
        ? [{ name: 'tema', value: ALL, bind: { input: 'select', options, labels: options.map((k) => (k === ALL ? text.allIssues : labels.issue(k))), name: `${text.issue}: ` } }]
        : [{ name: 'tema', value: ALL }],
      transform: [{ filter: 'datum.issue === tema' }],
      mark: { type: 'rect', invalid: 'show', stroke: '#ffffff', strokeWidth: 0.5 },
      encoding: {
        x: { field: 'hour', type: 'ordinal', title: text.hour, axis: { labelAngle: 0, labelExpr: 'datum.value % 3 === 0 ? datum.value : ""' } },
        y: { field: 'day', type: 'ordinal', title: null, sort: dayOrder },
        color: { field: 'messages', type: 'quantitative', title: text.messages, scale: { scheme: 'oranges' }, legend: { format: ',.0f', gradientLength: 150 } },
        tooltip: [{ field: 'day', title: text.weekday }, { field: 'hour_label', title: text.hour }, { field: 'label', title: text.messages }],
      },
    });
    return { spec, notes };
  },
};
