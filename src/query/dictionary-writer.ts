import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../core/errors.ts';
import type { BuzonContext } from '../db/context.ts';
import { kyselyFor } from '../db/kysely-dialect.ts';
import { quoteIdent } from '../db/sql-identifiers.ts';
import { DATA_DICTIONARY, type ViewDoc } from './data-dictionary.ts';
import { warehouseInfo, type WarehouseInfo } from './warehouse-info.ts';

export interface DictionaryColumn {
  name: string;
  type: string;
  meaning: string;
  example: string;
}

export interface DictionaryView {
  name: string;
  grain: string;
  description: string;
  partitionBy: string[];
  rows: number;
  columns: DictionaryColumn[];
}

export interface Dictionary {
  info: WarehouseInfo;
  generatedAt: string;
  views: DictionaryView[];
  /** Columns a view has that data-dictionary.ts does not describe, or the reverse. */
  drift: string[];
}

const EXAMPLE_SAMPLE_ROWS = 10_000;
const EXAMPLE_CHARS = 60;

/** The dictionary with types from DuckDB's catalogue (read through Kysely's introspector) and examples from the data. */
export async function readDictionary(context: BuzonContext, docs: readonly ViewDoc[] = DATA_DICTIONARY): Promise<Dictionary> {
  const tables = await kyselyFor(context.warehouse).introspection.getTables();
  const byName = new Map(tables.map((t) => [t.name, t]));
  const missing = docs.filter((d) => !byName.has(d.name)).map((d) => d.name);
  if (missing.length) {
    throw new ConfigError(`the warehouse has no ${missing.join(', ')}: run \`buzon build\` first (the analyst views are built with the models)`);
  }
  const drift: string[] = [];
  const views: DictionaryView[] = [];
  for (const doc of docs) {
    const catalog = byName.get(doc.name)!.columns;
    for (const c of catalog) if (!(c.name in doc.columns)) drift.push(`${doc.name}.${c.name} is not described in src/query/data-dictionary.ts`);
    for (const name of Object.keys(doc.columns)) if (!catalog.some((c) => c.name === name)) drift.push(`${doc.name}.${name} is described but not in the view`);
    const examples = await exampleValues(context, doc.name, catalog.map((c) => c.name).filter((c) => !doc.noExample?.includes(c)));
    views.push({
      name: doc.name,
      grain: doc.grain,
      description: doc.description,
      partitionBy: doc.partitionBy,
      rows: await context.warehouse.scalar<number>(`SELECT count(*) FROM ${quoteIdent(doc.name)}`),
      columns: catalog.map((c) => ({
        name: c.name,
        type: c.dataType,
        meaning: doc.columns[c.name] ?? '(not described)',
        example: doc.noExample?.includes(c.name) ? '(personal data, not shown)' : examples[c.name] ?? '',
      })),
    });
  }
  return { info: await warehouseInfo(context), generatedAt: new Date().toISOString(), views, drift };
}

/** A non-NULL value of each column from the view's first rows, as DuckDB writes it. */
async function exampleValues(context: BuzonContext, view: string, columns: string[]): Promise<Record<string, string>> {
  if (!columns.length) return {};
  const select = columns.map((c) => `CAST(any_value(${quoteIdent(c)}) AS VARCHAR) AS ${quoteIdent(c)}`).join(', ');
  const row = await context.warehouse.one<Record<string, string | null>>(
    `SELECT ${select} FROM (SELECT * FROM ${quoteIdent(view)} LIMIT ${EXAMPLE_SAMPLE_ROWS})`);
  const out: Record<string, string> = {};
  for (const c of columns) {
    const value = row?.[c];
    if (value !== null && value !== undefined) out[c] = value.length > EXAMPLE_CHARS ? `${value.slice(0, EXAMPLE_CHARS - 1)}…` : value;
  }
  return out;
}

export function writeDictionary(dictionary: Dictionary, outDir: string): { markdown: string; html: string } {
  mkdirSync(outDir, { recursive: true });
  const markdown = join(outDir, 'data-dictionary.md');
  const html = join(outDir, 'data-dictionary.html');
  writeFileSync(markdown, dictionaryMarkdown(dictionary));
  writeFileSync(html, dictionaryHtml(dictionary));
  return { markdown, html };
}

function rowCount(n: number): string {
  return `${n.toLocaleString('en-US')} row${n === 1 ? '' : 's'}`;
}

function intro(d: Dictionary): string {
  return `Generated ${d.generatedAt} by buzon ${d.info.buzonVersion} from a warehouse at schema version ${d.info.schemaVersion} `
    + `(DuckDB ${d.info.duckdbVersion}). Small-cell protection: segment counts of cells with fewer than ${d.info.kAnonymity} `
    + 'distinct senders are NULL (suppressed = true). No view has a phone number: senders are pseudonymous sender_key values.';
}

export function dictionaryMarkdown(d: Dictionary): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const parts = ['# buzon data dictionary', '', intro(d), '', '## Views', ''];
  for (const v of d.views) parts.push(`- [\`${v.name}\`](#${v.name}): ${v.grain} (${rowCount(v.rows)})`);
  for (const v of d.views) {
    parts.push('', `## ${v.name}`, '', v.description, '', `One row per: ${v.grain.replace(/^one row per /, '')}.`
      + (v.partitionBy.length ? ` Parquet export partitioned by ${v.partitionBy.join(', ')}.` : ''), '',
    '| column | type | meaning | example |', '|---|---|---|---|');
    for (const c of v.columns) parts.push(`| \`${c.name}\` | ${cell(c.type)} | ${cell(c.meaning)} | ${c.example ? `\`${cell(c.example)}\`` : ''} |`);
  }
  return `${parts.join('\n')}\n`;
}

export function dictionaryHtml(d: Dictionary): string {
  const esc = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  const sections = d.views.map((v) => `
<section id="${esc(v.name)}">
  <h2>${esc(v.name)}</h2>
  <p>${esc(v.description)}</p>
  <p class="meta">One row per ${esc(v.grain.replace(/^one row per /, ''))} · ${rowCount(v.rows)}${v.partitionBy.length ? ` · Parquet partitions: ${esc(v.partitionBy.join(', '))}` : ''}</p>
  <table>
    <thead><tr><th>column</th><th>type</th><th>meaning</th><th>example</th></tr></thead>
    <tbody>
${v.columns.map((c) => `      <tr><td><code>${esc(c.name)}</code></td><td>${esc(c.type)}</td><td>${esc(c.meaning)}</td><td><code>${esc(c.example)}</code></td></tr>`).join('\n')}
    </tbody>
  </table>
</section>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>buzon data dictionary</title>
<style>
  body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #222; }
  table { border-collapse: collapse; width: 100%; margin-bottom: 1rem; }
  th, td { border-bottom: 1px solid #ddd; padding: .3rem .5rem; text-align: left; vertical-align: top; }
  th { background: #f4f4f4; }
  code { font-size: 13px; }
  .meta { color: #555; }
  nav li { margin: .15rem 0; }
</style>
</head>
<body>
<h1>buzon data dictionary</h1>
<p>${esc(intro(d))}</p>
<nav><ul>
${d.views.map((v) => `  <li><a href="#${esc(v.name)}"><code>${esc(v.name)}</code></a>: ${esc(v.grain)}</li>`).join('\n')}
</ul></nav>
${sections}
</body>
</html>
`;
}
