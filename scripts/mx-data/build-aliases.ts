/**
 * Builds data/mx/state-aliases.csv from data/mx/states.csv and the hand-curated
 * data/mx/sources/aliases-curated.csv.
 *
 * Re-run: cd /work/main && node --import tsx scripts/mx-data/build-aliases.ts
 * Needs only the project's own dependencies.
 *
 * What it adds to the curated rows (curated rows win when the same normalised alias appears twice):
 *  - every state's name_es, name_en ('state'), abbr ('abbr'),
 *  - "estado de <name>" and "edo de <name>" for every state but Mexico City,
 *  - a "cd <x>" row for every "ciudad <x>" alias and the other way round.
 * It fails when one normalised alias would point at two states.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DATA_ROOT, normaliseAlias } from '../../src/enrich/country-data.ts';
import { csvLine } from './csv.ts';

const dir = join(DATA_ROOT, 'mx');
const KINDS = new Set(['state', 'abbr', 'city', 'colloquial', 'ambiguous']);

type Row = Record<string, string>;
const states = parse(readFileSync(join(dir, 'states.csv'), 'utf8'), { columns: true }) as Row[];
const isoCodes = new Set(states.map((s) => s.iso_code!));
const curated = parse(readFileSync(join(dir, 'sources', 'aliases-curated.csv'), 'utf8'), {
  columns: true,
  comment: '#',
  skip_empty_lines: true,
  trim: true,
}) as Row[];

interface Alias {
  alias: string;
  iso_code: string;
  kind: string;
  note: string;
  origin: string;
}
const out = new Map<string, Alias>();
const problems: string[] = [];

function add(raw: string, iso: string, kind: string, note: string, origin: string) {
  const alias = normaliseAlias(raw);
  if (!alias) return problems.push(`${origin}: '${raw}' normalises to nothing`);
  if (!isoCodes.has(iso)) return problems.push(`${origin}: unknown iso_code ${iso} for '${raw}'`);
  if (!KINDS.has(kind)) return problems.push(`${origin}: unknown kind '${kind}' for '${raw}'`);
  const existing = out.get(alias);
  if (existing) {
    if (existing.iso_code !== iso) {
      problems.push(`'${alias}' points at ${existing.iso_code} (${existing.origin}) and ${iso} (${origin})`);
    }
    return; // first one wins: curated rows are added first
  }
  out.set(alias, { alias, iso_code: iso, kind, note, origin });
}

curated.forEach((r, i) => {
  const origin = `aliases-curated.csv row ${i + 1}`;
  add(r.alias!, r.iso_code!, r.kind!, r.note ?? '', origin);
  const n = normaliseAlias(r.alias!);
  if (n.startsWith('ciudad ')) add('cd ' + n.slice(7), r.iso_code!, r.kind!, r.note ?? '', origin + ' (cd variant)');
  if (n.startsWith('cd ')) add('ciudad ' + n.slice(3), r.iso_code!, r.kind!, r.note ?? '', origin + ' (ciudad variant)');
});

for (const s of states) {
  const origin = `states.csv ${s.iso_code}`;
  add(s.name_es!, s.iso_code!, 'state', '', origin);
  add(s.name_en!, s.iso_code!, 'state', '', origin);
  add(s.abbr!, s.iso_code!, 'abbr', '', origin);
  if (s.iso_code !== 'MX-CMX') {
    for (const name of new Set([s.name_es!, s.name_en!])) {
      if (s.iso_code === 'MX-MEX' && name !== 'México') continue; // 'estado de state of mexico' is noise
      add(`estado de ${name}`, s.iso_code!, 'state', '', origin);
      add(`edo de ${name}`, s.iso_code!, 'state', '', origin);
    }
  }
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}

const rows = [...out.values()].sort(
  (a, b) => a.iso_code.localeCompare(b.iso_code) || a.kind.localeCompare(b.kind) || a.alias.localeCompare(b.alias),
);
const text = [csvLine(['alias', 'iso_code', 'kind', 'note']), ...rows.map((r) => csvLine([r.alias, r.iso_code, r.kind, r.note]))].join('\n') + '\n';
writeFileSync(join(dir, 'state-aliases.csv'), text);
const byKind = new Map<string, number>();
for (const r of rows) byKind.set(r.kind, (byKind.get(r.kind) ?? 0) + 1);
console.log(`state-aliases.csv: ${rows.length} aliases`, Object.fromEntries(byKind));
