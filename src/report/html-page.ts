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

/** One self-contained page: inline CSS, no external resource, prints to A4. */
export function htmlPage(options: { lang: string; title: string; subtitle?: string; sections: PageSection[]; footer?: string }): string {
  const body = options.sections
    .map((s) => `<section id="${escapeHtml(s.id)}"><h2>${escapeHtml(s.title)}</h2>\n${s.html}\n</section>`)
    .join('\n');
  return `<!doctype html>
<html lang="${escapeHtml(options.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'unsafe-inline'">
<title>${escapeHtml(options.title)}</title>
<style>
  body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d232a; margin: 0 auto; max-width: 1100px; padding: 24px; }
  h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 28px 0 8px; border-bottom: 1px solid #d8dde3; padding-bottom: 4px; }
  .subtitle { color: #5b6570; margin: 0 0 16px; }
  .chart svg { max-width: 100%; height: auto; }
  table { border-collapse: collapse; font-variant-numeric: tabular-nums; } td, th { padding: 3px 10px; border-bottom: 1px solid #eceff2; text-align: left; }
  td.num, th.num { text-align: right; }
  footer { color: #5b6570; font-size: 12px; margin-top: 32px; }
  @media print { body { max-width: none; padding: 0; } section { break-inside: avoid; } }
</style>
</head>
<body>
<h1>${escapeHtml(options.title)}</h1>
${options.subtitle ? `<p class="subtitle">${escapeHtml(options.subtitle)}</p>` : ''}
${body}
${options.footer ? `<footer>${options.footer}</footer>` : ''}
</body>
</html>
`;
}
