/** Reads a report back: the Vega-Lite specs embedded in the page, and their datasets. */
export interface EmbeddedSpec {
  datasets?: Record<string, Array<Record<string, unknown>>>;
  [key: string]: unknown;
}

export function embeddedSpecs(html: string): Map<string, EmbeddedSpec> {
  const specs = new Map<string, EmbeddedSpec>();
  const pattern = /<script type="application\/json" class="vl-spec" data-chart="([^"]+)">([\s\S]*?)<\/script>/g;
  for (const match of html.matchAll(pattern)) specs.set(match[1]!, JSON.parse(match[2]!) as EmbeddedSpec);
  return specs;
}

/** The one dataset of a chart (or the named one). */
export function dataset(specs: Map<string, EmbeddedSpec>, chart: string, name?: string): Array<Record<string, unknown>> {
  const spec = specs.get(chart);
  if (!spec?.datasets) throw new Error(`chart ${chart} has no datasets`);
  const key = name ?? Object.keys(spec.datasets).find((k) => k !== 'estados');
  return spec.datasets[key!] ?? [];
}

/** The page's text without tags and scripts (what a reader sees). */
export function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');
}
