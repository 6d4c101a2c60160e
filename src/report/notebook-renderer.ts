/**
 * `buzon notebook render`: runs a notebook's SQL cells against the warehouse (queries only; the CLI
 * opens it read-only) and writes the same kind of self-contained page as the report, with each
 * chart's Vega-Lite spec beside it. What a notebook may show is limited the way reports are:
 * counts in rows with fewer than k senders read "<k", phone-shaped text is masked, and columns of
 * individual messages (body, text, phone…) are refused unless the cell is marked `samples` and
 * the operator passes --include-samples.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { listValue } from '@duckdb/node-api';
import type { TopLevelSpec } from 'vega-lite';
import { InputError, errorMessage } from '../core/errors.ts';
import type { BuzonContext } from '../db/context.ts';
import { maskPhonesInText } from '../privacy/phone-masking.ts';
import { quoteIdent } from '../db/sql-identifiers.ts';
import { splitStatements } from '../query/sql-statements.ts';
import { PLOT_WIDTH, VL_SCHEMA } from './charts/chart-kit.ts';
import { chartHtml, escapeHtml, htmlPage, type PageSection } from './html-page.ts';
import { renderMarkdown } from './markdown-renderer.ts';
import { dataReferences, parseNotebook, type ChartCell, type SqlCell } from './notebook-parser.ts';
import { reportFormat, vegaLocale, type ReportFormat } from './report-format.ts';
import { loadCountryData } from '../enrich/country-data.ts';
import { knownIssues, reportLabels, reportText, UNKNOWN } from './report-text.ts';

export interface NotebookOptions {
  outDir: string;
  /** Run cells marked `samples` (individual messages). Off by default. */
  includeSamples?: boolean;
  now?: Date;
}

export interface NotebookCellResult {
  line: number;
  kind: 'sql' | 'chart';
  name?: string;
  status: 'ok' | 'error' | 'skipped';
  rows?: number;
  error?: string;
}

export interface NotebookResult {
  htmlFile: string;
  specFiles: string[];
  cells: NotebookCellResult[];
  /** Cells that failed (shown in the page as errors). */
  failed: number;
}

type Row = Record<string, unknown>;

/** Columns that hold one person's words or number: only `samples` cells with --include-samples may return them. */
const PERSONAL_COLUMNS = /^(body|text|texto|raw|message_text|e164|phone|telefono|teléfono|sender_name)$/i;
/** Count columns that a small row must not show. */
const COUNT_COLUMNS = /^(messages|senders|contacts|inbound|answered|unanswered|count|n|total|mensajes|remitentes|contactos|recibidos|contestados|sin_respuesta)$|_(messages|senders|contacts|count|total|mensajes|remitentes)$/i;
/** The column saying how many distinct people a row counts. */
const SENDER_COLUMNS = /^(senders|remitentes)$/i;
const QUERY_START = /^(select|with|from|values|table|describe|show|summarize|pivot|unpivot|explain)\b/i;

export async function renderNotebook(context: BuzonContext, file: string, options: NotebookOptions): Promise<NotebookResult> {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read notebook (${errorMessage(error).split('\n')[0]})`, { file });
  }
  const notebook = parseNotebook(source, file);
  const { lang } = notebook.meta;
  const { warehouse, logger } = context;
  const kValue = await warehouse.scalar<string | undefined>("SELECT value FROM settings WHERE key = 'k_anonymity'").catch(() => undefined);
  const format = reportFormat(lang, Math.max(1, Number.parseInt(kValue ?? '10', 10) || 10));
  const text = reportText(lang);
  const words = NOTEBOOK_WORDS[lang];
  const stem = basename(file, extname(file));
  mkdirSync(options.outDir, { recursive: true });

  await createNameTables(context, lang);
  const charted = new Set(notebook.cells.flatMap((c) => (c.kind === 'chart' ? dataReferences(c.spec) : [])));
  const results = new Map<string, Row[]>();
  const cellResults: NotebookCellResult[] = [];
  const specFiles: string[] = [];
  const parts: string[] = [];
  let samplesShown = false;
  let chartCount = 0;

  for (const cell of notebook.cells) {
    if (cell.kind === 'markdown') {
      parts.push(renderMarkdown(cell.text));
      continue;
    }
    const heading = cell.title ? `<h3>${escapeHtml(cell.title)}</h3>\n` : '';
    if (cell.kind === 'sql') {
      if (cell.samples && !options.includeSamples) {
        cellResults.push({ line: cell.line, kind: 'sql', name: cell.name, status: 'skipped' });
        parts.push(`${heading}<p class="missing">${escapeHtml(words.samplesSkipped)}</p>`);
        continue;
      }
      try {
        const rows = await runCell(context, cell, format);
        if (cell.name) {
          results.set(cell.name, rows);
          // Later cells may query this one by its name.
          await context.warehouse.run(`CREATE OR REPLACE TEMP VIEW ${quoteIdent(cell.name)} AS ${singleStatement(cell.sql)}`);
        }
        cellResults.push({ line: cell.line, kind: 'sql', name: cell.name, status: 'ok', rows: rows.length });
        samplesShown ||= cell.samples;
        const showTable = cell.table === 'show' || (cell.table === 'auto' && !(cell.name && charted.has(cell.name)));
        parts.push(heading + (showTable ? resultTable(rows, cell.rows, format, words) : '') + sqlDetails(cell.sql));
      } catch (error) {
        const message = errorMessage(error).split('\n')[0]!;
        cellResults.push({ line: cell.line, kind: 'sql', name: cell.name, status: 'error', error: message });
        logger.warn(`${file}:${cell.line}: ${cell.name ? `cell ${cell.name}: ` : ''}${message}`);
        parts.push(`${heading}<p class="missing">${escapeHtml(`${words.cellFailed}: ${message}`)}</p>${sqlDetails(cell.sql)}`);
      }
      continue;
    }
    chartCount++;
    const id = `${stem}-${cell.name ?? `chart-${chartCount}`}`.replace(/[^A-Za-z0-9_-]/g, '-');
    const refs = dataReferences(cell.spec);
    const absent = refs.filter((r) => !results.has(r));
    if (absent.length) {
      cellResults.push({ line: cell.line, kind: 'chart', name: cell.name, status: 'skipped', error: `no data from ${absent.join(', ')}` });
      parts.push(`${heading}<p class="missing">${escapeHtml(`${words.chartSkipped}: ${absent.join(', ')}`)}</p>`);
      continue;
    }
    const spec = chartSpec(cell, refs, results, format);
    const specFile = join(options.outDir, `${id}.vl.json`);
    writeFileSync(specFile, `${JSON.stringify(spec)}\n`);
    specFiles.push(specFile);
    cellResults.push({ line: cell.line, kind: 'chart', name: cell.name, status: 'ok' });
    parts.push(heading + chartHtml(id, spec, cell.title ?? id));
  }

  const sections: PageSection[] = [{ id: 'notebook', title: '', html: parts.join('\n') }];
  const meta = [
    `${words.source}: ${basename(file)}`,
    `${text.generated} ${new Intl.DateTimeFormat(format.locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'America/Mexico_City' }).format(options.now ?? new Date())}`,
  ];
  if (notebook.meta.description) meta.unshift(notebook.meta.description);
  const footer = `<p>${escapeHtml(text.suppressedNote(String(format.k)))}</p>`;
  const htmlFile = join(options.outDir, `${stem}.html`);
  writeFileSync(htmlFile, htmlPage({
    lang, title: notebook.meta.title, meta, sections, footer, charts: chartCount > 0,
    banner: samplesShown ? text.samplesNote : undefined,
  }));
  return { htmlFile, specFiles, cells: cellResults, failed: cellResults.filter((c) => c.status === 'error').length };
}

/**
 * Temporary name tables notebooks may join to show names instead of keys, in the notebook's
 * language: nb_issue_names(issue, name) and nb_state_names(state_code, name, abbr).
 */
async function createNameTables(context: BuzonContext, lang: 'es' | 'en'): Promise<void> {
  const { warehouse } = context;
  const labels = reportLabels(lang);
  const issues = knownIssues();
  const states = [...loadCountryData().states.map((s) => s.isoCode), UNKNOWN];
  await warehouse.run('CREATE OR REPLACE TEMP TABLE nb_issue_names (issue VARCHAR, name VARCHAR)');
  await warehouse.run('CREATE OR REPLACE TEMP TABLE nb_state_names (state_code VARCHAR, name VARCHAR, abbr VARCHAR)');
  await warehouse.run(
    `INSERT INTO nb_issue_names SELECT unnest($keys), unnest($names)`,
    { keys: listValue(issues), names: listValue(issues.map((k) => labels.issue(k))) },
  );
  await warehouse.run(
    `INSERT INTO nb_state_names SELECT unnest($codes), unnest($names), unnest($abbrs)`,
    { codes: listValue(states), names: listValue(states.map((c) => labels.state(c))), abbrs: listValue(states.map((c) => labels.stateAbbr(c))) },
  );
}

/** Runs one query cell and returns rows safe to show. */
async function runCell(context: BuzonContext, cell: SqlCell, format: ReportFormat): Promise<Row[]> {
  const sql = singleStatement(cell.sql);
  if (cell.name && (await context.warehouse.scalar<number>(
    "SELECT count(*) FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = 'main' AND lower(table_name) = lower($name)",
    { name: cell.name })) > 0) {
    throw new InputError(`cell name '${cell.name}' is also a table of the warehouse: choose another name`);
  }
  const rows = await context.warehouse.all(sql);
  if (!cell.samples && rows.length) {
    const personal = Object.keys(rows[0]!).filter((c) => PERSONAL_COLUMNS.test(c));
    if (personal.length) {
      throw new InputError(`returns ${personal.join(', ')}: individual messages or numbers need the cell option 'samples' and --include-samples`);
    }
  }
  return rows.map((row) => safeRow(row, format));
}

/** The cell's one query, checked to be a query (never a statement that changes the warehouse). */
function singleStatement(text: string): string {
  const statements = splitStatements(text);
  const all = [...statements.statements, ...(statements.rest ? [statements.rest] : [])];
  if (all.length !== 1) throw new InputError(`a sql cell holds one query (found ${all.length} statements)`);
  const sql = all[0]!;
  if (!QUERY_START.test(sql.replace(/^(\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)+/, ''))) {
    throw new InputError('notebook cells only query (SELECT, WITH, FROM, …); they never change the warehouse');
  }
  return sql;
}

/** Dates as ISO text, phone-shaped text masked, and the counts of a row below k replaced by null. */
function safeRow(row: Row, format: ReportFormat): Row {
  const small = row.suppressed === true
    || Object.entries(row).some(([key, value]) => SENDER_COLUMNS.test(key) && typeof value === 'number' && value < format.k);
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) {
    if (small && typeof value === 'number' && COUNT_COLUMNS.test(key)) out[key] = null;
    else out[key] = safeValue(value);
  }
  if (small) out._suppressed = true;
  return out;
}

function safeValue(value: unknown): unknown {
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'string') return maskPhonesInText(value);
  if (Array.isArray(value)) return value.map(safeValue);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, safeValue(v)]));
  return value;
}

function resultTable(rows: Row[], limit: number, format: ReportFormat, words: NotebookWords): string {
  if (!rows.length) return `<p class="notes">${escapeHtml(words.noRows)}</p>`;
  const columns = Object.keys(rows[0]!).filter((c) => c !== '_suppressed');
  const numeric = columns.map((c) => rows.some((r) => typeof r[c] === 'number'));
  const shown = rows.slice(0, limit);
  const cell = (row: Row, column: string): string => {
    const value = row[column];
    if (value === null || value === undefined) return row._suppressed && COUNT_COLUMNS.test(column) ? format.suppressedLabel : '';
    if (typeof value === 'number') return Number.isInteger(value) ? format.int(value) : new Intl.NumberFormat(format.locale, { maximumFractionDigits: 3 }).format(value);
    if (typeof value === 'boolean') return value ? '✓' : '—';
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value);
  };
  const head = columns.map((c, i) => `<th${numeric[i] ? ' class="num"' : ''}>${escapeHtml(c)}</th>`).join('');
  const body = shown.map((row) => `<tr>${columns.map((c, i) => `<td${numeric[i] ? ' class="num"' : ''}>${escapeHtml(cell(row, c))}</td>`).join('')}</tr>`).join('\n');
  const more = rows.length > shown.length ? `<p class="notes">${escapeHtml(words.rowsShown(format.int(shown.length), format.int(rows.length)))}</p>` : '';
  return `<div class="table-scroll"><table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>${more}`;
}

function sqlDetails(sql: string): string {
  return `<details class="sql"><summary>SQL</summary><pre><code>${escapeHtml(sql)}</code></pre></details>`;
}

/** The author's spec with the page's look and locale, and the referenced cells' rows as datasets. */
function chartSpec(cell: ChartCell, refs: string[], results: Map<string, Row[]>, format: ReportFormat): TopLevelSpec {
  const spec: Record<string, unknown> = { $schema: VL_SCHEMA, background: 'white', ...cell.spec };
  const composite = ['layer', 'hconcat', 'vconcat', 'concat', 'facet', 'repeat'].some((k) => k in spec);
  if (!composite && spec.width === undefined) spec.width = PLOT_WIDTH;
  spec.datasets = { ...(spec.datasets as Record<string, unknown> | undefined), ...Object.fromEntries(refs.map((r) => [r, results.get(r)!])) };
  const config = (spec.config ?? {}) as Record<string, unknown>;
  spec.config = { locale: vegaLocale(format), font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif', ...config };
  return spec as unknown as TopLevelSpec;
}

interface NotebookWords {
  source: string;
  samplesSkipped: string;
  cellFailed: string;
  chartSkipped: string;
  noRows: string;
  rowsShown: (shown: string, total: string) => string;
}

const NOTEBOOK_WORDS: Record<'es' | 'en', NotebookWords> = {
  es: {
    source: 'Cuaderno',
    samplesSkipped: 'Textos de muestra omitidos: esta celda muestra mensajes individuales y solo se ejecuta con --include-samples.',
    cellFailed: 'Esta consulta falló',
    chartSkipped: 'Gráfica sin datos: falló o se omitió la consulta',
    noRows: 'Sin filas.',
    rowsShown: (shown, total) => `Se muestran ${shown} de ${total} filas.`,
  },
  en: {
    source: 'Notebook',
    samplesSkipped: 'Sample texts left out: this cell shows individual messages and runs only with --include-samples.',
    cellFailed: 'This query failed',
    chartSkipped: 'Chart without data: its query failed or was skipped',
    noRows: 'No rows.',
    rowsShown: (shown, total) => `Showing ${shown} of ${total} rows.`,
  },
};
