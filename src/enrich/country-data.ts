/**
 * Country reference data: states, how people write them, phone area codes, the electorate and map shapes.
 *
 * Everything a country needs lives as plain UTF-8 CSV (plus one GeoJSON file) under `data/<country>/`,
 * so another country is added as data, not code. The CSVs are meant to be read by DuckDB's `read_csv`
 * too (see `countryDataFiles`); this loader is the typed view of the same files for TypeScript callers
 * and tests. See `data/mx/README.md` for sources, licences and what is an estimate.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { ConfigError } from '../core/errors.ts';

/** `data/` at the repository root. */
export const DATA_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data');

export interface State {
  /** INEGI state code, two digits with leading zero ('01'..'32'). */
  inegiCode: string;
  /** ISO 3166-2 code, e.g. 'MX-NLE'. The key every other table uses. */
  isoCode: string;
  /** Common short form, e.g. 'NL', 'CDMX', 'EDOMEX'. */
  abbr: string;
  nameEs: string;
  nameEn: string;
  capital: string;
  /** IANA zone of most of the state; see `timeZoneOverrides` for border strips. */
  timeZone: string;
  population2020: number;
}

export type AliasKind = 'state' | 'abbr' | 'city' | 'colloquial' | 'ambiguous';

export interface StateAlias {
  /** Already normalised with `normaliseAlias`. */
  alias: string;
  isoCode: string;
  /** 'ambiguous' rows are a real signal but also a common word, name or another place: match with care. */
  kind: AliasKind;
  note: string;
}

export interface AreaCode {
  /** 2 digits (33, 55, 56, 81) or 3 digits. */
  lada: string;
  /** The one primary state. */
  isoCode: string;
  place: string;
  /** Other states the lada reaches (may be empty). */
  shared: string[];
  /** 'libphonenumber' or 'supplement'. */
  source: string;
}

export interface ElectorateRow {
  isoCode: string;
  /** '18-24', '25-34', '35-44', '45-54', '55-64' or '65+'. */
  ageBand: string;
  voters: number;
  /** True when the figure is derived rather than published as such. */
  isEstimate: boolean;
  source: string;
}

export interface TimeZoneOverride {
  /** 'lada' or 'city'. */
  kind: 'lada' | 'city';
  /** A lada, or a normalised city alias. */
  key: string;
  isoCode: string;
  timeZone: string;
  note: string;
}

export interface CountryData {
  country: string;
  dir: string;
  states: State[];
  aliases: StateAlias[];
  areaCodes: AreaCode[];
  electorate: ElectorateRow[];
  timeZoneOverrides: TimeZoneOverride[];
  /** GeoJSON FeatureCollection, one feature per state, property `iso_code`; rings wound for d3-geo. */
  shapesPath: string;
  /** Attribution the shapes' and data's licences ask for (from `credit.txt`); show it under any map. */
  credit: string;
}

/**
 * The key the alias table is built on: lower case, accents stripped (NFD), every character that is not a
 * letter or digit turned into a space, spaces collapsed. 'Cd. Juárez' -> 'cd juarez', 'N.L.' -> 'n l'.
 */
export function normaliseAlias(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/ +/g, ' ');
}

/** File paths of a country's tables, e.g. for `read_csv` in DuckDB. */
export function countryDataFiles(country = 'mx', root = DATA_ROOT) {
  const dir = join(root, country);
  return {
    dir,
    states: join(dir, 'states.csv'),
    aliases: join(dir, 'state-aliases.csv'),
    areaCodes: join(dir, 'area-codes.csv'),
    electorate: join(dir, 'electorate.csv'),
    timeZones: join(dir, 'time-zones.csv'),
    shapes: join(dir, 'states.geo.json'),
    credit: join(dir, 'credit.txt'),
  };
}

type Row = Record<string, string>;

function readCsv(path: string, required: string[]): Row[] {
  if (!existsSync(path)) throw new ConfigError(`country data file missing: ${path}`);
  const rows = parse(readFileSync(path, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
    trim: true,
    bom: true,
  }) as Row[];
  const header = rows.length > 0 ? Object.keys(rows[0]!) : [];
  for (const column of required) {
    if (rows.length > 0 && !header.includes(column)) {
      throw new ConfigError(`${path}: missing column '${column}'`);
    }
  }
  return rows;
}

function toInt(value: string, path: string, column: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new ConfigError(`${path}: '${column}' is not an integer: '${value}'`);
  return n;
}

const cache = new Map<string, CountryData>();

/**
 * Load a country's reference tables. Cached per country and root; the returned arrays are shared, so
 * treat them as read-only.
 */
export function loadCountryData(country = 'mx', root = DATA_ROOT): CountryData {
  const cacheKey = `${root}\u0000${country}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;

  const files = countryDataFiles(country, root);
  if (!existsSync(files.dir)) throw new ConfigError(`no reference data for country '${country}' (${files.dir})`);

  const states: State[] = readCsv(files.states, [
    'inegi_code', 'iso_code', 'abbr', 'name_es', 'name_en', 'capital', 'time_zone', 'population_2020',
  ]).map((r) => ({
    inegiCode: r.inegi_code!,
    isoCode: r.iso_code!,
    abbr: r.abbr!,
    nameEs: r.name_es!,
    nameEn: r.name_en!,
    capital: r.capital!,
    timeZone: r.time_zone!,
    population2020: toInt(r.population_2020!, files.states, 'population_2020'),
  }));

  const aliases: StateAlias[] = readCsv(files.aliases, ['alias', 'iso_code', 'kind']).map((r) => ({
    alias: r.alias!,
    isoCode: r.iso_code!,
    kind: r.kind! as AliasKind,
    note: r.note ?? '',
  }));

  const areaCodes: AreaCode[] = readCsv(files.areaCodes, ['lada', 'iso_code', 'place', 'shared']).map((r) => ({
    lada: r.lada!,
    isoCode: r.iso_code!,
    place: r.place!,
    shared: r.shared ? r.shared.split(';').map((s) => s.trim()).filter(Boolean) : [],
    source: r.source ?? '',
  }));

  const electorate: ElectorateRow[] = readCsv(files.electorate, ['iso_code', 'age_band', 'voters']).map((r) => ({
    isoCode: r.iso_code!,
    ageBand: r.age_band!,
    voters: toInt(r.voters!, files.electorate, 'voters'),
    isEstimate: r.is_estimate === 'true',
    source: r.source ?? '',
  }));

  const timeZoneOverrides: TimeZoneOverride[] = existsSync(files.timeZones)
    ? readCsv(files.timeZones, ['kind', 'key', 'iso_code', 'time_zone']).map((r) => ({
        kind: r.kind! as 'lada' | 'city',
        key: r.key!,
        isoCode: r.iso_code!,
        timeZone: r.time_zone!,
        note: r.note ?? '',
      }))
    : [];

  const data: CountryData = {
    country,
    dir: files.dir,
    states,
    aliases,
    areaCodes,
    electorate,
    timeZoneOverrides,
    shapesPath: files.shapes,
    credit: existsSync(files.credit) ? readFileSync(files.credit, 'utf8').trim().replace(/\s+/g, ' ') : '',
  };
  cache.set(cacheKey, data);
  return data;
}

/** Lookup helpers over loaded data (small maps; the bulk joins belong in DuckDB). */
export function indexCountryData(data: CountryData) {
  const stateByIso = new Map(data.states.map((s) => [s.isoCode, s]));
  const aliasMap = new Map(data.aliases.map((a) => [a.alias, a]));
  const ladaMap = new Map(data.areaCodes.map((a) => [a.lada, a]));
  const tzByLada = new Map(data.timeZoneOverrides.filter((t) => t.kind === 'lada').map((t) => [t.key, t.timeZone]));
  return {
    stateByIso,
    /** The alias row for free text (normalised here), or undefined. */
    alias(text: string): StateAlias | undefined {
      return aliasMap.get(normaliseAlias(text));
    },
    /** The area code of a 10-digit national number (2-digit ladas are tried first), or undefined. */
    areaCodeOf(nationalNumber: string): AreaCode | undefined {
      const digits = nationalNumber.replace(/\D/g, '');
      return ladaMap.get(digits.slice(0, 2)) ?? ladaMap.get(digits.slice(0, 3));
    },
    /** The IANA zone for a lada: a border-strip override, else its state's zone. */
    timeZoneOfLada(lada: string): string | undefined {
      const override = tzByLada.get(lada);
      if (override) return override;
      const area = ladaMap.get(lada);
      return area ? stateByIso.get(area.isoCode)?.timeZone : undefined;
    },
  };
}
