/**
 * `buzon report`: one self-contained HTML file for strategists (Spanish by default), every chart a
 * Vega-Lite spec built in src/report/charts/ and also written beside the page as `<id>.vl.json`.
 * A chart whose tables are missing becomes a note in its section; the rest of the report renders.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../core/errors.ts';
import type { BuzonContext } from '../db/context.ts';
import { loadCountryData } from '../enrich/country-data.ts';
import { audienceSilos } from './charts/audience-silos.ts';
import type { ChartEnv, ReportChart } from './charts/chart-kit.ts';
import { dailyTrend } from './charts/daily-trend.ts';
import { issueAgeHeatmap } from './charts/issue-age-heatmap.ts';
import { issueShareBars } from './charts/issue-share-bars.ts';
import { representativeness } from './charts/representativeness.ts';
import { responseBacklog } from './charts/response-backlog.ts';
import { stateMap } from './charts/state-map.ts';
import { timeOfWeekHeatmap } from './charts/time-of-week-heatmap.ts';
import { chartHtml, escapeHtml, htmlPage, type PageSection } from './html-page.ts';
import { ReportData } from './report-data.ts';
import { reportFormat, type ReportLang } from './report-format.ts';
import { buildHeadline } from './report-headline.ts';
import { segmentScope } from './report-segment.ts';
import { ReportSources, type ReportScope } from './report-sources.ts';
import { reportLabels, reportText } from './report-text.ts';

export interface ReportOptions {
  outDir: string;
  lang?: ReportLang;
  /** Sender's local day, inclusive, 'YYYY-MM-DD'. */
  from?: string;
  to?: string;
  /** A saved segment (segment_definitions). */
  segment?: string;
  /** The folder under data/ with the country's reference tables. */
  country?: string;
  /** Fixed "generated on" time (tests). */
  now?: Date;
}

export interface ReportResult {
  htmlFile: string;
  specFiles: string[];
  /** Per chart: 'ok', 'empty', or the tables it lacked. */
  charts: Array<{ id: string; status: 'ok' | 'empty' | 'missing'; missing?: string[] }>;
  /** Milliseconds: waiting for DuckDB, and everything else (building specs, HTML, writing files). */
  timings: { queriesMs: number; renderMs: number; totalMs: number };
}

/** The report's charts, in page order. */
export const REPORT_CHARTS: ReportChart[] = [
  stateMap, timeOfWeekHeatmap, issueShareBars, issueAgeHeatmap, dailyTrend, audienceSilos, responseBacklog, representativeness,
];

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Writes report.html and one .vl.json per chart into `outDir`. */
export async function buildReport(context: BuzonContext, options: ReportOptions): Promise<ReportResult> {
  const started = performance.now();
  const lang = options.lang ?? 'es';
  for (const [flag, value] of [['--from', options.from], ['--to', options.to]] as const) {
    if (value !== undefined && (!DAY.test(value) || Number.isNaN(Date.parse(value)))) throw new UsageError(`${flag}: expected a date YYYY-MM-DD, got '${value}'`);
  }
  if (options.from && options.to && options.from > options.to) throw new UsageError(`--from ${options.from} is after --to ${options.to}`);
  const { warehouse } = context;
  const scope: ReportScope = { from: options.from, to: options.to };
  if (options.segment !== undefined) scope.segment = await segmentScope(warehouse, options.segment);
  const sources = await ReportSources.open(warehouse, scope);
  const format = reportFormat(lang, sources.k);
  const text = reportText(lang);
  const env: ChartEnv = {
    sources, data: new ReportData(sources), format, text, labels: reportLabels(lang, options.country), country: loadCountryData(options.country),
  };

  const period = await periodLabel(env, scope);
  const headline = await buildHeadline(env, period);
  const sections: PageSection[] = [{ id: 'headline', title: text.headline, html: headlineHtml(headline) }];
  mkdirSync(options.outDir, { recursive: true });
  const specFiles: string[] = [];
  const charts: ReportResult['charts'] = [];
  for (const chart of REPORT_CHARTS) {
    const result = await chart.build(env);
    const title = chart.title(text);
    let html = `<p class="intro">${escapeHtml(chart.intro(text))}</p>\n`;
    if ('missing' in result) {
      charts.push({ id: chart.id, status: 'missing', missing: result.missing });
      html += `<p class="missing">${escapeHtml(text.missingTable(result.missing.join(', ')))}</p>`;
    } else if ('empty' in result) {
      charts.push({ id: chart.id, status: 'empty' });
      html += `<p class="missing">${escapeHtml(text.emptySection)}</p>${notesHtml(result.notes)}`;
    } else {
      charts.push({ id: chart.id, status: 'ok' });
      const specFile = join(options.outDir, `${chart.id}.vl.json`);
      writeFileSync(specFile, `${JSON.stringify(result.spec)}\n`);
      specFiles.push(specFile);
      html += `${chartHtml(chart.id, result.spec, title)}\n${notesHtml(result.notes)}`;
      if (result.tableHtml) html += `\n<div class="table-scroll">${result.tableHtml}</div>`;
    }
    sections.push({ id: chart.id, title, html });
  }

  const left = charts.filter((c) => c.status === 'missing');
  if (left.length) {
    const tables = [...new Set(left.flatMap((c) => c.missing ?? []))].join(', ');
    context.logger.warn(`report: ${left.length} of ${charts.length} charts left out until these tables exist: ${tables} (run buzon enrich, then buzon build)`);
  }
  const meta = [
    `${text.period}: ${period}`,
    ...(scope.segment ? [`${text.segment}: ${scope.segment.name} (${scope.segment.whereText})`] : []),
    `${text.generated} ${new Intl.DateTimeFormat(format.locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'America/Mexico_City' }).format(options.now ?? new Date())}`,
  ];
  const footer = [
    text.suppressedNote(String(format.k)),
    text.electorateNote,
    `${text.credit}: ${env.country.credit}`,
    text.printHint,
  ].map((line) => `<p>${escapeHtml(line)}</p>`).join('\n');
  const htmlFile = join(options.outDir, 'report.html');
  writeFileSync(htmlFile, htmlPage({ lang, title: text.title, meta, sections, footer, contentsTitle: text.contents }));
  const totalMs = performance.now() - started;
  return { htmlFile, specFiles, charts, timings: { queriesMs: sources.queryMs, renderMs: totalMs - sources.queryMs, totalMs } };
}

function headlineHtml(headline: { figures: Array<{ label: string; value: string }>; sentences: string[] }): string {
  const figures = headline.figures.length
    ? `<ul class="figures">${headline.figures.map((f) => `<li><b>${escapeHtml(f.value)}</b><span>${escapeHtml(f.label)}</span></li>`).join('')}</ul>`
    : '';
  return `<div class="headline">${figures}${headline.sentences.map((s) => `<p>${escapeHtml(s)}</p>`).join('\n')}</div>`;
}

function notesHtml(notes: string[] | undefined): string {
  return notes?.length ? `<ul class="notes">${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>` : '';
}

/** "13 – 19 de mayo de 2024": the days asked for, else the days the data covers. */
async function periodLabel(env: ChartEnv, scope: ReportScope): Promise<string> {
  const { sources, format, text } = env;
  let first = scope.from;
  let last = scope.to;
  if (!first || !last) {
    const span = sources.has('report_inbound')
      ? await sources.all<{ first: string | null; last: string | null }>(
        `SELECT strftime(min(day), '%Y-%m-%d') AS first, strftime(max(day), '%Y-%m-%d') AS last FROM ${sources.rel('report_inbound')}`)
      : sources.has('messages_per_day')
        ? await sources.all<{ first: string | null; last: string | null }>(
          `SELECT strftime(min(day), '%Y-%m-%d') AS first, strftime(max(day), '%Y-%m-%d') AS last FROM ${sources.rel('messages_per_day')}`)
        : [];
    first ??= span[0]?.first ?? undefined;
    last ??= span[0]?.last ?? undefined;
  }
  if (!first || !last) return text.allTime;
  if (first === last) return format.date(first);
  return `${format.date(first)} – ${format.date(last)}`;
}
