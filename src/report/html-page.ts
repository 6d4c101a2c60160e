/**
 * One self-contained page (reports and notebooks): inline CSS, inline chart runtime, no external
 * resource (the Content-Security-Policy forbids any fetch), laid out to print on A4 with charts
 * kept whole.
 */
import type { TopLevelSpec } from 'vega-lite';
import { chartRuntimeScripts } from './chart-runtime.ts';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON safe to place inside a <script> element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export interface PageSection {
  id: string;
  title: string;
  html: string;
}

/** The markup of one chart: the element it renders into, and its Vega-Lite spec as JSON. */
export function chartHtml(id: string, spec: TopLevelSpec, label: string): string {
  return `<figure class="chart" id="chart-${escapeHtml(id)}" data-chart-box data-rendered="pending" aria-label="${escapeHtml(label)}"></figure>
<script type="application/json" class="vl-spec" data-chart="${escapeHtml(id)}">${scriptJson(spec)}</script>`;
}

export interface PageOptions {
  lang: string;
  title: string;
  /** Lines under the title (plain text). */
  meta?: string[];
  /** A warning banner (plain text), e.g. for pages with sample texts. */
  banner?: string;
  sections: PageSection[];
  /** Footer HTML (already escaped). */
  footer?: string;
  /** Whether any section holds a chart: only then is the chart runtime inlined. */
  charts?: boolean;
  /** A table of contents before the first section. */
  contentsTitle?: string;
}

const CSS = `
  :root { color-scheme: light; }
  * { box-sizing: border-box; }
  body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d232a; background: #fff; margin: 0 auto; max-width: 920px; padding: 28px 28px 48px; }
  h1 { font-size: 26px; line-height: 1.2; margin: 0 0 6px; }
  h2 { font-size: 19px; margin: 34px 0 6px; border-bottom: 1px solid #d8dde3; padding-bottom: 4px; }
  h3 { font-size: 16px; margin: 22px 0 6px; }
  .meta { color: #5b6570; margin: 0 0 2px; font-size: 14px; }
  .banner { background: #fff4e5; border: 1px solid #f5c27a; padding: 8px 12px; border-radius: 4px; margin: 12px 0; }
  .intro { color: #374151; margin: 4px 0 10px; }
  .headline p { margin: 6px 0; }
  .figures { display: flex; flex-wrap: wrap; gap: 10px; margin: 10px 0 14px; padding: 0; list-style: none; }
  .figures li { border: 1px solid #e3e6ea; border-radius: 6px; padding: 8px 14px; min-width: 150px; }
  .figures b { display: block; font-size: 22px; font-variant-numeric: tabular-nums; }
  .figures span { color: #5b6570; font-size: 13px; }
  nav.contents ol { columns: 2; margin: 6px 0 0; padding-left: 20px; font-size: 14px; }
  nav.contents a { color: #1f4e8c; text-decoration: none; }
  figure.chart { margin: 8px 0; min-height: 40px; max-width: 100%; overflow: hidden; display: flex; flex-direction: column-reverse; align-items: flex-start; }
  figure.chart svg { max-width: 100%; height: auto; }
  .vega-bindings { font-size: 14px; margin: 0 0 6px; }
  .vega-bindings select { font: inherit; padding: 2px 4px; }
  .notes { color: #4b5563; font-size: 13px; margin: 6px 0; padding-left: 18px; }
  .missing { color: #8a4b00; background: #fff8ec; border-left: 3px solid #f0a43a; padding: 6px 10px; font-size: 14px; }
  table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 13px; margin: 8px 0; }
  td, th { padding: 3px 10px; border-bottom: 1px solid #eceff2; text-align: left; vertical-align: top; }
  th { font-weight: 600; border-bottom-color: #cfd5dc; }
  td.num, th.num { text-align: right; }
  pre, code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
  pre { background: #f6f8fa; padding: 8px 10px; border-radius: 4px; overflow-x: auto; white-space: pre-wrap; }
  details summary { cursor: pointer; color: #5b6570; font-size: 13px; }
  .table-scroll { max-width: 100%; overflow-x: auto; }
  footer { color: #5b6570; font-size: 12px; margin-top: 36px; border-top: 1px solid #e3e6ea; padding-top: 8px; }
  footer p { margin: 4px 0; }
  .chart-tip { position: fixed; display: none; z-index: 10; pointer-events: none; background: rgba(255,255,255,0.97); border: 1px solid #cfd5dc; border-radius: 4px; box-shadow: 0 2px 8px rgba(0,0,0,0.15); padding: 6px 8px; font-size: 12px; max-width: 320px; }
  .chart-tip table { margin: 0; font-size: 12px; } .chart-tip th, .chart-tip td { border: 0; padding: 1px 6px 1px 0; }
  @page { size: A4; margin: 12mm; }
  @media print {
    body { max-width: none; padding: 0; font-size: 12px; }
    h2, h3, .intro { break-after: avoid; } h2 { margin-top: 18px; }
    figure.chart, table, .figures, pre { break-inside: avoid; }
    nav.contents, .chart-tip, details.sql { display: none; }
    .vega-bindings { font-size: 11px; }
    a { color: inherit; text-decoration: none; }
  }
`;

export function htmlPage(options: PageOptions): string {
  const contents = options.contentsTitle && options.sections.length > 2
    ? `<nav class="contents"><b>${escapeHtml(options.contentsTitle)}</b><ol>${options.sections
        .map((s) => `<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a></li>`).join('')}</ol></nav>`
    : '';
  const body = options.sections
    .map((s) => `<section id="${escapeHtml(s.id)}">${s.title ? `<h2>${escapeHtml(s.title)}</h2>` : ''}\n${s.html}\n</section>`)
    .join('\n');
  return `<!doctype html>
<html lang="${escapeHtml(options.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'unsafe-inline' 'unsafe-eval'">
<title>${escapeHtml(options.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(options.title)}</h1>
${(options.meta ?? []).map((line) => `<p class="meta">${escapeHtml(line)}</p>`).join('\n')}
${options.banner ? `<p class="banner">${escapeHtml(options.banner)}</p>` : ''}
</header>
${contents}
${body}
${options.footer ? `<footer>${options.footer}</footer>` : ''}
${options.charts === false ? '' : chartRuntimeScripts()}
</body>
</html>
`;
}
