/**
 * Choropleth of Mexico's states: messages, distinct senders, or the share of a state's messages
 * touching an issue, chosen in a selector. A state with no messages is light grey; a state (or
 * state x issue cell) with fewer than k senders is drawn mid grey with no value ("<k").
 */
import { readFileSync } from 'node:fs';
import { UNKNOWN } from '../report-text.ts';
import { EMPTY_FILL, PLOT_WIDTH, baseSpec, htmlTable, isSmall, safeCount, type ChartEnv, type ChartResult, type ReportChart } from './chart-kit.ts';

interface MapRow {
  state_code: string;
  state: string;
  metric: string;
  metric_label: string;
  value: number | null;
  label: string;
}

const shapesCache = new Map<string, unknown[]>();

function stateShapes(path: string): unknown[] {
  let features = shapesCache.get(path);
  if (!features) {
    features = (JSON.parse(readFileSync(path, 'utf8')) as { features: unknown[] }).features;
    shapesCache.set(path, features);
  }
  return features;
}

export const stateMap: ReportChart = {
  id: 'state-map',
  title: (t) => t.map,
  intro: (t) => t.mapIntro,
  async build(env: ChartEnv): Promise<ChartResult> {
    const { sources, format, text, labels, country } = env;
    const missing = sources.missing('segment_state_time_of_week', 'segment_issue_state', 'report_senders');
    if (missing.length) return { missing };
    const states = (await env.data.stateTotals())!;
    const issues = (await env.data.issueTotals())!;
    const cells = await sources.all<{ issue: string; state_code: string; messages: number; suppressed: boolean }>(
      `SELECT issue, state_code, messages, suppressed FROM ${sources.rel('segment_issue_state')}`);
    if (!states.some((s) => s.messages > 0)) return { empty: true };

    const byState = new Map(states.map((s) => [s.key, s]));
    // An issue's share is offered only where at least one state can show it.
    const showable = new Set(cells.filter((c) => !c.suppressed && c.state_code !== UNKNOWN && !isSmall(env, byState.get(c.state_code)?.senders)).map((c) => c.issue));
    const issueKeys = issues.map((i) => i.key).filter((k) => k !== 'sin_tema' && showable.has(k));
    const metrics = [
      { key: 'messages', label: text.messages },
      { key: 'senders', label: text.senders },
      ...issueKeys.map((k) => ({ key: `share:${k}`, label: text.shareOfIssue(labels.issue(k)) })),
    ];
    const metricLabel = new Map(metrics.map((m) => [m.key, m.label]));
    const rows: MapRow[] = [];
    for (const state of country.states) {
      const totals = byState.get(state.isoCode);
      if (!totals || totals.messages === 0) continue;
      const small = isSmall(env, totals.senders);
      const name = labels.state(state.isoCode);
      for (const metric of ['messages', 'senders'] as const) {
        const { value, label } = safeCount(env, totals[metric], small);
        rows.push({ state_code: state.isoCode, state: name, metric, metric_label: metricLabel.get(metric)!, value, label });
      }
    }
    for (const cell of cells) {
      const totals = byState.get(cell.state_code);
      if (!totals || cell.state_code === UNKNOWN || !showable.has(cell.issue) || cell.issue === 'sin_tema' || !totals.messages) continue;
      const hidden = cell.suppressed || isSmall(env, totals.senders);
      const share = cell.messages / totals.messages;
      const metric = `share:${cell.issue}`;
      rows.push({
        state_code: cell.state_code, state: labels.state(cell.state_code), metric, metric_label: metricLabel.get(metric) ?? metric,
        value: hidden ? null : share, label: hidden ? format.suppressedLabel : format.percent(share),
      });
    }
    rows.sort((a, b) => a.metric.localeCompare(b.metric) || a.state_code.localeCompare(b.state_code));

    const spec = baseSpec(env, {
      width: PLOT_WIDTH,
      height: Math.round(PLOT_WIDTH * 0.62),
      datasets: { estados: stateShapes(country.shapesPath), valores: rows },
      params: [{
        name: 'metrica', value: 'messages',
        bind: { input: 'select', options: metrics.map((m) => m.key), labels: metrics.map((m) => m.label), name: `${text.metric}: ` },
      }],
      projection: { type: 'mercator' },
      layer: [
        {
          data: { name: 'estados' },
          transform: [{ calculate: JSON.stringify(text.emptySection), as: 'nota' }],
          mark: { type: 'geoshape', fill: EMPTY_FILL, stroke: '#ffffff', strokeWidth: 0.6 },
          encoding: { tooltip: [{ field: 'properties.name', title: text.state }, { field: 'nota', title: ' ' }] },
        },
        {
          data: { name: 'valores' },
          transform: [
            { filter: 'datum.metric === metrica' },
            { lookup: 'state_code', from: { data: { name: 'estados' }, key: 'properties.iso_code' }, as: 'geo' },
          ],
          mark: { type: 'geoshape', stroke: '#ffffff', strokeWidth: 0.6, invalid: 'show' },
          encoding: {
            shape: { field: 'geo', type: 'geojson' },
            color: {
              field: 'value', type: 'quantitative', scale: { scheme: 'oranges' },
              legend: {
                title: null, format: ',.0f',
                labelExpr: "indexof(metrica, 'share:') === 0 ? format(datum.value, '.0%') : format(datum.value, ',.0f')",
                gradientLength: 200,
              },
            },
            tooltip: [{ field: 'state', title: text.state }, { field: 'metric_label', title: text.metric }, { field: 'label', title: ' ' }],
          },
        },
      ],
    });

    const known = states.filter((s) => s.key !== UNKNOWN && s.messages > 0);
    const unknown = byState.get(UNKNOWN);
    const top = [...known].sort((a, b) => b.senders - a.senders).slice(0, 10);
    const tableHtml = htmlTable(
      [text.state, text.messages, text.senders],
      top.map((s) => {
        const small = isSmall(env, s.senders);
        return [labels.state(s.key), format.count(s.messages, small), format.count(s.senders, small)];
      }),
      [false, true, true],
    );
    const notes = [text.mapNoData.replace('{k}', String(format.k))];
    if (country.credit) notes.push(`${text.credit}: ${country.credit}`);
    if (unknown && unknown.senders > 0) {
      notes.push(`${labels.state(UNKNOWN)}: ${format.count(unknown.senders, isSmall(env, unknown.senders))} ${text.senders.toLowerCase()}.`);
    }
    return { spec, notes, tableHtml };
  },
};
