/**
 * Builds data/mx/electorate.csv: registered voters (INE lista nominal) by state and age band.
 *
 * Re-run: cd /work/main && node --import tsx scripts/mx-data/build-electorate.ts
 * Needs only the project's own dependencies.
 *
 * THIS IS AN ESTIMATE. No official INE table by state x age could be fetched here, so:
 *   voters(state, band) = lista nominal total of the state (press-reported INE figures,
 *                         data/mx/sources/lista-nominal-by-state.csv)
 *                       x the NATIONAL share of that age band in the lista nominal (INE cut 2024-01-18 as
 *                         quoted in the press, data/mx/sources/lista-nominal-national-age.csv),
 * rounded with largest remainders so each state's bands add up to its total exactly. Every state therefore
 * gets the national age profile; real profiles differ (e.g. Chiapas is younger, Mexico City older).
 * Replace both inputs with INE's own 'Estadística de Padrón Electoral y Lista Nominal' download when available
 * and re-run; the output format stays the same.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DATA_ROOT } from '../../src/enrich/country-data.ts';
import { csvLine } from './csv.ts';

const dir = join(DATA_ROOT, 'mx');
type Row = Record<string, string>;
const read = (file: string) =>
  parse(readFileSync(join(dir, file), 'utf8'), { columns: true, comment: '#', skip_empty_lines: true, trim: true }) as Row[];

const states = read('states.csv');
const totals = read('sources/lista-nominal-by-state.csv');
const ageGroups = read('sources/lista-nominal-national-age.csv');

/** Output bands and the 5-year groups they are made of. */
const BANDS: Array<[string, string[]]> = [
  ['18-24', ['18-19', '20-24']],
  ['25-34', ['25-29', '30-34']],
  ['35-44', ['35-39', '40-44']],
  ['45-54', ['45-49', '50-54']],
  ['55-64', ['55-59', '60-64']],
  ['65+', ['65+']],
];

const byGroup = new Map(ageGroups.map((r) => [r.age_group!, Number(r.voters)]));
const national = [...byGroup.values()].reduce((a, b) => a + b, 0);
const shares = BANDS.map(([band, groups]) => {
  let n = 0;
  for (const g of groups) {
    const v = byGroup.get(g);
    if (v === undefined) throw new Error(`lista-nominal-national-age.csv lacks ${g}`);
    n += v;
  }
  return { band, share: n / national };
});

const totalByIso = new Map(totals.map((r) => [r.iso_code!, Number(r.voters)]));
const missing = states.filter((s) => !totalByIso.has(s.iso_code!)).map((s) => s.iso_code);
if (missing.length) throw new Error(`no lista nominal total for ${missing.join(', ')}`);

const SOURCE =
  'estimate: state lista nominal total (INE figures as reported in the press 2023-2024) x national age-band share of the lista nominal (INE cut 2024-01-18 as reported); see data/mx/README.md';
const lines = [csvLine(['iso_code', 'age_band', 'voters', 'is_estimate', 'source'])];
let grand = 0;
for (const s of states) {
  const total = totalByIso.get(s.iso_code!)!;
  const raw = shares.map((b) => total * b.share);
  const counts = raw.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = raw.map((v, i) => [v - Math.floor(v), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    counts[i]! += 1;
  }
  shares.forEach((b, i) => lines.push(csvLine([s.iso_code!, b.band, counts[i]!, true, SOURCE])));
  grand += total;
}
writeFileSync(join(dir, 'electorate.csv'), lines.join('\n') + '\n');
console.log(`electorate.csv: ${lines.length - 1} rows, ${grand} voters in total`);
console.log('national band shares:', Object.fromEntries(shares.map((b) => [b.band, (100 * b.share).toFixed(1) + '%'])));
