import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { ConfigError } from '../core/errors.ts';

export const DEFAULT_MODELS_DIR = new URL('../../sql/', import.meta.url).pathname;

export type Materialization = 'table' | 'view';

/** One model: `sql/<name>.sql`, a SELECT with a header of `-- key: value` lines. */
export interface Model {
  name: string;
  file: string;
  sql: string;
  dependsOn: string[];
  materialized: Materialization;
  description?: string;
}

/** Reads every model in a folder. Header lines: `-- depends: a, b`, `-- materialized: view`, `-- description: …`. */
export function loadModels(dir = DEFAULT_MODELS_DIR): Model[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => parseModel(join(dir, file), readFileSync(join(dir, file), 'utf8')));
}

export function parseModel(file: string, text: string): Model {
  const name = basename(file, '.sql');
  const display = relative(process.cwd(), file) || file;
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new ConfigError(`${display}: model file names are snake_case table names`);
  const header = headerValues(text);
  const materialized = (header.materialized ?? 'table') as Materialization;
  if (materialized !== 'table' && materialized !== 'view') {
    throw new ConfigError(`${display}: materialized must be table or view, not "${materialized}"`);
  }
  const sql = text.trim().replace(/;\s*$/, '');
  return {
    name,
    file: display,
    sql,
    dependsOn: (header.depends ?? '').split(',').map((d) => d.trim()).filter(Boolean),
    materialized,
    description: header.description,
  };
}

function headerValues(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^--\s*([a-z_]+)\s*:\s*(.*)$/.exec(line.trim());
    if (match) values[match[1]!] = match[2]!.trim();
    else if (line.trim() && !line.trim().startsWith('--')) break;
  }
  return values;
}

/** Models in an order where each comes after what it depends on; a cycle is refused, naming it. */
export function orderModels(models: Model[]): Model[] {
  const byName = new Map(models.map((m) => [m.name, m]));
  const ordered: Model[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (model: Model, path: string[]) => {
    const seen = state.get(model.name);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      const cycle = [...path.slice(path.indexOf(model.name)), model.name];
      throw new ConfigError(`${model.file}: dependency cycle ${cycle.join(' -> ')}`);
    }
    state.set(model.name, 'visiting');
    for (const dep of model.dependsOn) {
      const target = byName.get(dep);
      if (target) visit(target, [...path, model.name]);
    }
    state.set(model.name, 'done');
    ordered.push(model);
  };
  for (const model of models) visit(model, []);
  return ordered;
}
