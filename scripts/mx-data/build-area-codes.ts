/**
 * Builds data/mx/area-codes.csv (lada -> one primary state, plus states it also reaches).
 *
 * Re-run: cd /work/main && node --import tsx scripts/mx-data/build-aliases.ts \
 *           && node --import tsx scripts/mx-data/build-area-codes.ts
 * (the alias table must exist: place names such as 'Morelia' or 'Tuxtla Gutierrez' are resolved with it).
 * Needs only the project's own dependencies (libphonenumber-js, csv-parse).
 *
 * Inputs:
 *  - data/mx/sources/libphonenumber-geocoding-es-52.txt: a verbatim copy of Google libphonenumber's
 *    resources/geocoding/es/52.txt (Apache-2.0). Lines are `52<prefix>|<description>`; prefixes have mixed
 *    length (5233 = the 2-digit lada 33; 5296 = every 96x lada not listed on its own; 526571 = part of 657),
 *    descriptions mix state names, cities and 'City, ABBR'.
 *  - The set of valid ladas: the 3-digit prefixes that libphonenumber-js's own MX fixed-line pattern accepts
 *    (the project's dependency, metadata.max.json). Catch-all prefixes are expanded only to valid ladas.
 *  - data/mx/sources/area-codes-supplement.csv: hand-checked additions/corrections, each with its reason.
 *
 * Every lada gets exactly one primary state. Valid ladas that neither input places are listed in the
 * output of this script and in data/mx/README.md, and left out of the table (no guess).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DATA_ROOT, normaliseAlias } from '../../src/enrich/country-data.ts';
import { csvLine } from './csv.ts';

const dir = join(DATA_ROOT, 'mx');
const TWO_DIGIT_LADAS = new Set(['33', '55', '56', '81']);

/** State suffixes used in the geocoding file's 'City, ABBR' descriptions. */
const SUFFIX: Record<string, string> = {
  AGS: 'MX-AGU', BCN: 'MX-BCN', BCS: 'MX-BCS', CAMP: 'MX-CAM', COAH: 'MX-COA', COL: 'MX-COL', CHIS: 'MX-CHP',
  CHIH: 'MX-CHH', CDMX: 'MX-CMX', DGO: 'MX-DUR', GTO: 'MX-GUA', GRO: 'MX-GRO', HGO: 'MX-HID', JAL: 'MX-JAL',
  MEX: 'MX-MEX', MICH: 'MX-MIC', MOR: 'MX-MOR', NAY: 'MX-NAY', NL: 'MX-NLE', OAX: 'MX-OAX', PUE: 'MX-PUE',
  QRO: 'MX-QUE', SLP: 'MX-SLP', SIN: 'MX-SIN', SON: 'MX-SON', TAB: 'MX-TAB', TAMPS: 'MX-TAM', TLAX: 'MX-TLA',
  VER: 'MX-VER', YUC: 'MX-YUC', ZAC: 'MX-ZAC',
};

type Row = Record<string, string>;
const aliases = parse(readFileSync(join(dir, 'state-aliases.csv'), 'utf8'), { columns: true }) as Row[];
const aliasMap = new Map(aliases.map((a) => [a.alias!, a]));
const isoCodes = new Set((parse(readFileSync(join(dir, 'states.csv'), 'utf8'), { columns: true }) as Row[]).map((s) => s.iso_code!));

// --- valid ladas, from libphonenumber-js's MX fixed-line pattern -------------------------------------------
const require = createRequire(import.meta.url);
const metadata = require('libphonenumber-js/metadata.max.json') as { countries: Record<string, unknown[]> };
const libVersion = (require('libphonenumber-js/package.json') as { version: string }).version;
const fixedLine = ((metadata.countries.MX![11] as unknown[])[0] as string[])[0]!;
const fixedLineRe = new RegExp(`^(?:${fixedLine})$`);
const valid3 = new Set<string>();
for (let p = 200; p <= 999; p++) {
  const s = String(p);
  if (TWO_DIGIT_LADAS.has(s.slice(0, 2))) continue;
  if (fixedLineRe.test(s + '1234567')) valid3.add(s);
}
for (const two of TWO_DIGIT_LADAS) {
  if (!fixedLineRe.test(two + '12345678')) throw new Error(`libphonenumber-js no longer accepts 2-digit lada ${two}`);
}

// --- the geocoding file ----------------------------------------------------------------------------------
interface Resolved {
  primary: string;
  shared: string[];
  place: string;
}
const problems: string[] = [];
const notes: string[] = [];

function resolveName(name: string, context: string): string | undefined {
  const hit = aliasMap.get(normaliseAlias(name));
  if (!hit) {
    problems.push(`${context}: cannot place '${name}' (add it to aliases-curated.csv or the supplement)`);
    return undefined;
  }
  if (hit.kind === 'ambiguous') notes.push(`${context}: '${name}' is an ambiguous alias, read as ${hit.iso_code}`);
  return hit.iso_code!;
}

function resolveDescription(desc: string, context: string): Resolved | undefined {
  const m = /^(.*),\s*([A-Z]+)$/.exec(desc);
  if (m) {
    const iso = SUFFIX[m[2]!];
    if (!iso) {
      problems.push(`${context}: unknown state suffix '${m[2]}'`);
      return undefined;
    }
    return { primary: iso, shared: [], place: m[1]!.split('/').map((s) => s.trim()).join(' / ') };
  }
  const parts = desc.split('/').map((s) => s.trim());
  const states: string[] = [];
  for (const part of parts) {
    const iso = resolveName(part, context);
    if (!iso) return undefined;
    if (!states.includes(iso)) states.push(iso);
  }
  return { primary: states[0]!, shared: states.slice(1), place: parts.join(' / ') };
}

const sourceText = readFileSync(join(dir, 'sources', 'libphonenumber-geocoding-es-52.txt'), 'utf8');
interface Entry extends Resolved {
  lada: string;
  prefixLength: number; // of the source prefix, to let specific rows beat catch-alls
  source: string;
}
const table = new Map<string, Entry>();

function put(entry: Entry) {
  const existing = table.get(entry.lada);
  if (!existing || entry.prefixLength > existing.prefixLength) {
    table.set(entry.lada, entry);
  } else if (entry.prefixLength === existing.prefixLength && existing.prefixLength > 3) {
    // several longer prefixes inside one lada (6571, 6572): merge them
    for (const iso of [entry.primary, ...entry.shared]) {
      if (iso !== existing.primary && !existing.shared.includes(iso)) existing.shared.push(iso);
    }
    if (!existing.place.split(' / ').includes(entry.place)) existing.place += ` / ${entry.place}`;
  }
}

for (const [i, line] of sourceText.split('\n').entries()) {
  if (!line.trim() || line.startsWith('#')) continue;
  const [full, desc] = line.split('|');
  if (!full || !desc || !full.startsWith('52')) {
    problems.push(`geocoding line ${i + 1}: unreadable '${line}'`);
    continue;
  }
  const prefix = full.slice(2);
  const context = `geocoding line ${i + 1} (${prefix})`;
  const resolved = resolveDescription(desc.trim(), context);
  if (!resolved) continue;
  let ladas: string[];
  if (prefix.length === 2 && TWO_DIGIT_LADAS.has(prefix)) ladas = [prefix];
  else if (prefix.length === 2) ladas = [...valid3].filter((l) => l.startsWith(prefix));
  else if (prefix.length === 3) ladas = [prefix];
  else ladas = [prefix.slice(0, 3)];
  for (const lada of ladas) {
    if (lada.length === 3 && !valid3.has(lada)) {
      notes.push(`${context}: lada ${lada} is not valid in libphonenumber-js ${libVersion}; skipped`);
      continue;
    }
    put({ lada, ...resolved, shared: [...resolved.shared], prefixLength: prefix.length, source: 'libphonenumber' });
  }
}

// --- the supplement ----------------------------------------------------------------------------------------
const supplement = parse(readFileSync(join(dir, 'sources', 'area-codes-supplement.csv'), 'utf8'), {
  columns: true,
  comment: '#',
  skip_empty_lines: true,
  trim: true,
}) as Row[];
for (const [i, r] of supplement.entries()) {
  const context = `supplement row ${i + 1} (${r.lada})`;
  const lada = r.lada!;
  const shared = r.shared ? r.shared.split(';').map((s) => s.trim()).filter(Boolean) : [];
  for (const iso of [r.iso_code, ...shared]) {
    if (iso && !isoCodes.has(iso)) problems.push(`${context}: unknown iso_code ${iso}`);
  }
  if (!r.source) problems.push(`${context}: every supplement row needs a source`);
  const inferred = /\binferred\b/i.test(r.source ?? '');
  const existing = table.get(lada);
  switch (r.action) {
    case 'add':
      if (existing) problems.push(`${context}: 'add' but the geocoding file already has ${lada}; use 'override'`);
      if (!TWO_DIGIT_LADAS.has(lada) && !valid3.has(lada)) problems.push(`${context}: ${lada} is not a valid lada`);
      table.set(lada, { lada, primary: r.iso_code!, shared, place: r.place!, prefixLength: 99, source: inferred ? 'supplement (inferred)' : 'supplement' });
      break;
    case 'override':
      if (!existing) problems.push(`${context}: 'override' but ${lada} is not in the geocoding file; use 'add'`);
      table.set(lada, { lada, primary: r.iso_code!, shared, place: r.place!, prefixLength: 99, source: inferred ? 'supplement (inferred)' : 'supplement' });
      break;
    case 'place':
      if (!existing) problems.push(`${context}: 'place' but ${lada} has no row`);
      else existing.place = r.place!;
      break;
    default:
      problems.push(`${context}: unknown action '${r.action}'`);
  }
}

// --- checks and output -------------------------------------------------------------------------------------
for (const e of table.values()) {
  if (!isoCodes.has(e.primary)) problems.push(`lada ${e.lada}: primary ${e.primary} is not a state`);
  e.shared = e.shared.filter((s) => s !== e.primary);
}
const unplaced = [...valid3].filter((l) => !table.has(l)).sort();
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}

const rows = [...table.values()].sort((a, b) => a.lada.localeCompare(b.lada));
const out = [csvLine(['lada', 'iso_code', 'place', 'shared', 'source'])];
for (const e of rows) out.push(csvLine([e.lada, e.primary, e.place, e.shared.join(';'), e.source]));
writeFileSync(join(dir, 'area-codes.csv'), out.join('\n') + '\n');

for (const n of notes) console.log('note:', n);
console.log(`area-codes.csv: ${rows.length} ladas (libphonenumber-js ${libVersion} accepts ${valid3.size} three-digit ladas + ${TWO_DIGIT_LADAS.size} two-digit)`);
console.log(`valid but unplaced (left out, see README): ${unplaced.join(' ') || 'none'}`);
