/**
 * Notebooks: Markdown files with front matter, prose, and two kinds of fenced cells.
 *
 *   ---
 *   title: Resumen semanal
 *   lang: es
 *   ---
 *   Prose in Markdown.
 *
 *   ```sql name=por_tema rows=10
 *   SELECT issue, sum(messages) AS messages FROM segment_issue_state GROUP BY 1
 *   ```
 *
 *   ```chart name=temas title="Mensajes por tema"
 *   { "mark": "bar", "data": { "name": "por_tema" }, "encoding": { ... } }
 *   ```
 *
 * SQL cell options: `name=ID` (charts refer to it), `rows=N` (rows shown, default 25), `hide`
 * (no table), `table` (a table even when a chart uses the cell), `samples` (the cell returns
 * individual messages: it runs only with --include-samples), `title="…"`.
 * Chart cells hold a Vega-Lite spec as JSON whose `data: {"name": ID}` names a SQL cell.
 */
import { InputError } from '../core/errors.ts';

export interface NotebookMeta {
  title: string;
  lang: 'es' | 'en';
  /** Any other front-matter keys, as text. */
  [key: string]: string;
}

export interface SqlCell {
  kind: 'sql';
  line: number;
  name?: string;
  title?: string;
  sql: string;
  rows: number;
  table: 'auto' | 'show' | 'hide';
  samples: boolean;
}

export interface ChartCell {
  kind: 'chart';
  line: number;
  name?: string;
  title?: string;
  spec: Record<string, unknown>;
}

export interface MarkdownCell {
  kind: 'markdown';
  line: number;
  text: string;
}

export type NotebookCell = SqlCell | ChartCell | MarkdownCell;

export interface Notebook {
  file: string;
  meta: NotebookMeta;
  cells: NotebookCell[];
}

const CELL_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export function parseNotebook(source: string, file: string): Notebook {
  const lines = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  let at = 0;
  const meta: Record<string, string> = {};
  if (lines[0]?.trim() === '---') {
    at = 1;
    while (at < lines.length && lines[at]!.trim() !== '---') {
      const line = lines[at]!;
      if (line.trim() && !line.trim().startsWith('#')) {
        const pair = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line);
        if (!pair) throw new InputError(`front matter: expected 'key: value', got '${line.trim()}'`, { file, line: at + 1 });
        meta[pair[1]!] = unquote(pair[2]!.trim());
      }
      at++;
    }
    if (at >= lines.length) throw new InputError('front matter: no closing ---', { file, line: 1 });
    at++;
  }
  if (!meta.title) throw new InputError('front matter needs a title (---\\ntitle: …\\nlang: es\\n---)', { file, line: 1 });
  const lang = meta.lang ?? 'es';
  if (lang !== 'es' && lang !== 'en') throw new InputError(`front matter: lang must be es or en, not '${lang}'`, { file, line: 1 });

  const cells: NotebookCell[] = [];
  const names = new Set<string>();
  let prose: string[] = [];
  let proseStart = at + 1;
  const flushProse = () => {
    if (prose.some((l) => l.trim())) cells.push({ kind: 'markdown', line: proseStart, text: prose.join('\n') });
    prose = [];
  };
  while (at < lines.length) {
    const line = lines[at]!;
    const fence = /^```\s*(sql|chart)\b(.*)$/.exec(line);
    if (!fence) {
      if (!prose.length) proseStart = at + 1;
      prose.push(line);
      // A fenced block of another language stays prose (shown as code): skip to its end.
      if (/^```/.test(line)) {
        at++;
        while (at < lines.length && !/^```\s*$/.test(lines[at]!)) prose.push(lines[at++]!);
        if (at < lines.length) prose.push(lines[at]!);
      }
      at++;
      continue;
    }
    flushProse();
    const start = at + 1;
    const body: string[] = [];
    at++;
    while (at < lines.length && !/^```\s*$/.test(lines[at]!)) body.push(lines[at++]!);
    if (at >= lines.length) throw new InputError(`${fence[1]} cell has no closing \`\`\``, { file, line: start });
    at++;
    const options = cellOptions(fence[2]!, file, start);
    const name = options.get('name');
    if (name !== undefined) {
      if (!CELL_NAME.test(name)) throw new InputError(`cell name '${name}': use letters, digits and _`, { file, line: start });
      if (names.has(name)) throw new InputError(`two cells are named '${name}'`, { file, line: start });
      names.add(name);
    }
    if (fence[1] === 'sql') {
      const sql = body.join('\n').trim();
      if (!sql) throw new InputError('empty sql cell', { file, line: start });
      const rows = options.has('rows') ? Number(options.get('rows')) : 25;
      if (!Number.isInteger(rows) || rows < 0) throw new InputError(`rows=${options.get('rows')}: expected a whole number`, { file, line: start });
      cells.push({
        kind: 'sql', line: start, name, title: options.get('title'), sql, rows,
        table: options.has('hide') ? 'hide' : options.has('table') ? 'show' : 'auto',
        samples: options.has('samples'),
      });
    } else {
      let spec: unknown;
      try {
        spec = JSON.parse(body.join('\n'));
      } catch (error) {
        throw new InputError(`chart cell is not valid JSON (${(error as Error).message})`, { file, line: start });
      }
      if (!spec || typeof spec !== 'object' || Array.isArray(spec)) throw new InputError('chart cell must be a Vega-Lite spec (a JSON object)', { file, line: start });
      cells.push({ kind: 'chart', line: start, name, title: options.get('title'), spec: spec as Record<string, unknown> });
    }
  }
  flushProse();
  for (const cell of cells) {
    if (cell.kind !== 'chart') continue;
    for (const ref of dataReferences(cell.spec)) {
      if (!names.has(ref)) throw new InputError(`chart refers to data '${ref}', but no sql cell has name=${ref}`, { file, line: cell.line });
    }
  }
  return { file, meta: { ...meta, title: meta.title, lang }, cells };
}

/** Every `data: {name: …}` in a spec (top level, layers, concatenations). */
export function dataReferences(spec: unknown): string[] {
  const found = new Set<string>();
  const visit = (node: unknown, key?: string) => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
    } else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (key === 'data' && typeof record.name === 'string') found.add(record.name);
      for (const [k, v] of Object.entries(record)) if (k !== 'datasets') visit(v, k);
    }
  };
  visit(spec);
  return [...found];
}

function cellOptions(text: string, file: string, line: number): Map<string, string> {
  const options = new Map<string, string>();
  const pattern = /\s*([A-Za-z_-]+)(?:=("(?:[^"\\]|\\.)*"|\S+))?/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = pattern.exec(text)) !== null) {
    if (!match[0]) break;
    options.set(match[1]!, match[2] === undefined ? '' : unquote(match[2]));
    consumed = pattern.lastIndex;
  }
  if (text.slice(consumed).trim()) throw new InputError(`cell options: cannot read '${text.slice(consumed).trim()}'`, { file, line });
  const known = new Set(['name', 'title', 'rows', 'hide', 'table', 'samples']);
  for (const key of options.keys()) if (!known.has(key)) throw new InputError(`unknown cell option '${key}' (known: ${[...known].join(', ')})`, { file, line });
  return options;
}

function unquote(value: string): string {
  if (value.length >= 2 && ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'")))) {
    return value.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return value;
}
