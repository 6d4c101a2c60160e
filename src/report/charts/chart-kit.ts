/**
 * What every chart module shares: the environment it reads from, the shape of its output, the
 * Vega-Lite base (locale, fonts, colours for suppressed and empty cells) and the suppression rule
 * applied to the data embedded in the page.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CountryData } from '../../enrich/country-data.ts';
import type { ReportData } from '../report-data.ts';
import { vegaLocale, type ReportFormat } from '../report-format.ts';
import type { SourceName, ReportSources } from '../report-sources.ts';
import type { ReportLabels, ReportText } from '../report-text.ts';

export const VL_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
/** Plot width that, with a legend, fits A4 portrait at 96 dpi with 12 mm margins. */
export const PLOT_WIDTH = 540;
/** Fill of a suppressed cell (fewer than k senders): drawn, but with no value. */
export const SUPPRESSED_FILL = '#b9bec6';
/** Fill of a state with no messages at all. */
export const EMPTY_FILL = '#eef0f2';
export const ACCENT = '#c2410c';

export interface ChartEnv {
  sources: ReportSources;
  data: ReportData;
  format: ReportFormat;
  text: ReportText;
  labels: ReportLabels;
  country: CountryData;
}

export interface ChartOutput {
  spec: TopLevelSpec;
  /** Sentences under the chart (plain text). */
  notes?: string[];
  /** An HTML table under the chart (already escaped). */
  tableHtml?: string;
}

export type ChartResult = ChartOutput | { missing: SourceName[] } | { empty: true; notes?: string[] };

export interface ReportChart {
  id: string;
  title(text: ReportText): string;
  intro(text: ReportText): string;
  build(env: ChartEnv): Promise<ChartResult>;
}

/** Top-level spec with the report's look and locale; `datasets` carries the chart's rows by name. */
export function baseSpec(env: ChartEnv, spec: Record<string, unknown>): TopLevelSpec {
  return {
    $schema: VL_SCHEMA,
    background: 'white',
    padding: 6,
    ...spec,
    config: {
      locale: vegaLocale(env.format),
      font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
      view: { stroke: null },
      axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 600, labelColor: '#374151', titleColor: '#1f2937', gridColor: '#eceff2' },
      legend: { labelFontSize: 11, titleFontSize: 12, orient: 'right' },
      header: { labelFontSize: 12, titleFontSize: 12 },
      title: { fontSize: 13, anchor: 'start', fontWeight: 600 },
      scale: { invalid: { color: { value: SUPPRESSED_FILL } } },
      ...(spec.config as Record<string, unknown> | undefined),
    },
  } as TopLevelSpec;
}

/**
 * A count as a chart may carry it: null when the cell is suppressed, with the label "<k";
 * otherwise the number and its formatted label.
 */
export function safeCount(env: ChartEnv, value: number | null | undefined, suppressed: boolean): { value: number | null; label: string } {
  if (suppressed || value === null || value === undefined) return { value: null, label: env.format.suppressedLabel };
  return { value, label: env.format.int(value) };
}

/** Whether a cell with `senders` distinct senders must be suppressed. */
export function isSmall(env: ChartEnv, senders: number | null | undefined): boolean {
  return senders === null || senders === undefined || senders < env.format.k;
}

export function escapeCell(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A small HTML table; cells are plain text, escaped here; `numeric` columns align right. */
export function htmlTable(headers: string[], rows: string[][], numeric: boolean[] = []): string {
  const head = headers.map((h, i) => `<th${numeric[i] ? ' class="num"' : ''}>${escapeCell(h)}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${row.map((cell, i) => `<td${numeric[i] ? ' class="num"' : ''}>${escapeCell(cell)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}
