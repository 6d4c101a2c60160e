import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import type { BuzonContext } from '../db/context.ts';
import { renderSvg } from './chart-renderer.ts';
import { escapeHtml, htmlPage, scriptJson, type PageSection } from './html-page.ts';

export interface ReportOptions {
  outDir: string;
  lang?: 'es' | 'en';
}

export interface ReportResult {
  htmlFile: string;
  specFiles: string[];
}

const TEXT = {
  es: {
    title: 'Buzón ciudadano: informe', activity: 'Actividad por día de la semana y hora', daily: 'Mensajes por día',
    weekdays: ['lun', 'mar', 'mié', 'jue', 'vie', 'sáb', 'dom'], hour: 'Hora', weekday: 'Día', messages: 'Mensajes',
    day: 'Día', summary: (m: string, s: string) => `${m} mensajes recibidos de ${s} remitentes.`,
  },
  en: {
    title: 'Citizen inbox: report', activity: 'Activity by weekday and hour', daily: 'Messages per day',
    weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'], hour: 'Hour', weekday: 'Day', messages: 'Messages',
    day: 'Day', summary: (m: string, s: string) => `${m} messages received from ${s} senders.`,
  },
};

/** Writes one self-contained HTML report with its Vega-Lite specs saved beside it. */
export async function buildReport(context: BuzonContext, options: ReportOptions): Promise<ReportResult> {
  const lang = options.lang ?? 'es';
  const t = TEXT[lang];
  const locale = lang === 'es' ? 'es-MX' : 'en-US';
  const { warehouse } = context;
  mkdirSync(options.outDir, { recursive: true });

  const totals = await warehouse.one<{ messages: number; senders: number }>(
    "SELECT count(*) AS messages, count(DISTINCT sender_key) AS senders FROM messages WHERE direction = 'in'");
  const heat = await warehouse.all<{ weekday: number; hour: number; messages: number }>(
    'SELECT weekday, hour, messages FROM messages_by_hour_of_week ORDER BY weekday, hour');
  const daily = await warehouse.all<{ day: Date; messages: number }>(
    "SELECT strftime(day, '%Y-%m-%d') AS day, messages FROM messages_per_day WHERE direction = 'in' ORDER BY day");

  const charts: Array<{ id: string; title: string; spec: TopLevelSpec }> = [
    { id: 'activity-heatmap', title: t.activity, spec: heatmapSpec(heat.map((r) => ({ ...r, day: t.weekdays[r.weekday - 1] })), t) },
    { id: 'daily-trend', title: t.daily, spec: dailySpec(daily, t) },
  ];
  const specFiles: string[] = [];
  const sections: PageSection[] = [{
    id: 'headline', title: lang === 'es' ? 'Resumen' : 'Summary',
    html: `<p>${escapeHtml(t.summary((totals?.messages ?? 0).toLocaleString(locale), (totals?.senders ?? 0).toLocaleString(locale)))}</p>`,
  }];
  for (const chart of charts) {
    const svg = await renderSvg(chart.spec);
    const specFile = join(options.outDir, `${chart.id}.vl.json`);
    writeFileSync(specFile, `${JSON.stringify(chart.spec, null, 2)}\n`);
    specFiles.push(specFile);
    sections.push({
      id: chart.id, title: chart.title,
      html: `<div class="chart">${svg}</div>\n<script type="application/json" class="vl-spec" data-chart="${chart.id}">${scriptJson(chart.spec)}</script>`,
    });
  }
  const htmlFile = join(options.outDir, 'report.html');
  writeFileSync(htmlFile, htmlPage({ lang, title: t.title, sections, footer: 'buzon' }));
  return { htmlFile, specFiles };
}

function heatmapSpec(values: Array<{ day: string; hour: number; messages: number }>, t: (typeof TEXT)['es']): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 760, height: 220,
    data: { values },
    mark: 'rect',
    encoding: {
      x: { field: 'hour', type: 'ordinal', title: t.hour },
      y: { field: 'day', type: 'ordinal', sort: t.weekdays, title: t.weekday },
      color: { field: 'messages', type: 'quantitative', title: t.messages, scale: { scheme: 'oranges' } },
      tooltip: [{ field: 'day' }, { field: 'hour' }, { field: 'messages' }],
    },
  } as TopLevelSpec;
}

function dailySpec(values: Array<{ day: unknown; messages: number }>, t: (typeof TEXT)['es']): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 760, height: 200,
    data: { values },
    mark: { type: 'bar', color: '#c2410c' },
    encoding: {
      x: { field: 'day', type: 'ordinal', title: t.day },
      y: { field: 'messages', type: 'quantitative', title: t.messages },
    },
  } as TopLevelSpec;
}
