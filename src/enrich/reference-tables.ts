/**
 * Loads a country's reference CSVs (data/<country>/) into temp tables the enrichment SQL joins against.
 * Nothing here knows Mexico: a country is a folder of files with the same columns.
 */
import { existsSync } from 'node:fs';
import type { CountryCode } from 'libphonenumber-js';
import { getCountryCallingCode } from 'libphonenumber-js';
import metadata from 'libphonenumber-js/metadata.min.json';
import { ConfigError } from '../core/errors.ts';
import type { Warehouse } from '../db/warehouse.ts';
import { countryDataFiles } from './country-data.ts';
import { collapseRepeatsSql } from './message-text-step.ts';

export interface ReferenceInfo {
  country: string;
  /** ISO alpha-2 of the home country, e.g. 'MX'. */
  countryIso: string;
  /** Its international calling code without '+', e.g. '52'. */
  callingCode: string;
}

/**
 * Temp tables created:
 * - ref_states(iso_code, inegi_code, abbr, name_es, name_en, capital, time_zone)
 * - ref_aliases(alias, iso_code, kind, match_key): every alias normalised like `normaliseAlias`, plus the states' own
 *   codes; match_key is the alias as message text is normalised (stretched letters collapsed)
 * - ref_alias_keys(match_key, alias, iso_code, kind): one alias per match_key
 * - ref_area_codes(lada, iso_code, shared): shared = the lada also reaches another state
 * - ref_zone_overrides(kind, key, iso_code, time_zone): 'lada' or 'city' keys that keep another zone
 * - ref_calling_codes(code, country): international calling code -> main ISO alpha-2 (from libphonenumber)
 */
export async function loadReferenceTables(warehouse: Warehouse, country: string, root?: string): Promise<ReferenceInfo> {
  const files = countryDataFiles(country, root);
  for (const file of [files.states, files.aliases, files.areaCodes]) {
    if (!existsSync(file)) throw new ConfigError(`home_country '${country}': reference file missing: ${file}`);
  }
  const countryIso = country.toUpperCase();
  let callingCode: string;
  try {
    callingCode = getCountryCallingCode(countryIso as CountryCode);
  } catch {
    throw new ConfigError(`home_country '${country}' is not a country libphonenumber knows`);
  }
  const csv = "read_csv($path, header = true, all_varchar = true, auto_detect = true)";
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE ref_states AS
     SELECT trim(iso_code) AS iso_code, trim(inegi_code) AS inegi_code, trim(abbr) AS abbr, trim(name_es) AS name_es,
            trim(name_en) AS name_en, trim(capital) AS capital, trim(time_zone) AS time_zone
     FROM ${csv}`,
    { path: files.states },
  );
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE ref_aliases AS
     SELECT *, ${collapseRepeatsSql('alias')} AS match_key FROM (SELECT DISTINCT ON (alias) alias, iso_code, kind FROM (
       SELECT trim(alias) AS alias, trim(iso_code) AS iso_code, trim(kind) AS kind FROM ${csv}
       UNION ALL
       SELECT ${aliasKeySql('iso_code')}, iso_code, 'code' FROM ref_states
       UNION ALL
       SELECT ${aliasKeySql("split_part(iso_code, '-', 2)")}, iso_code, 'code' FROM ref_states
       UNION ALL
       SELECT ${aliasKeySql('abbr')}, iso_code, 'abbr' FROM ref_states
       UNION ALL
       SELECT ${aliasKeySql('name_es')}, iso_code, 'state' FROM ref_states
     ) WHERE alias <> ''
     ORDER BY alias, CASE kind WHEN 'state' THEN 0 WHEN 'code' THEN 1 ELSE 2 END)`,
    { path: files.aliases },
  );
  // Two aliases can collapse to one key ('qroo' -> 'qro'): the alias already written that way wins.
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE ref_alias_keys AS
    SELECT DISTINCT ON (match_key) match_key, alias, iso_code, kind FROM ref_aliases
    ORDER BY match_key, alias = match_key DESC, CASE kind WHEN 'state' THEN 0 WHEN 'code' THEN 1 ELSE 2 END, alias`);
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE ref_area_codes AS
     SELECT trim(lada) AS lada, trim(iso_code) AS iso_code, coalesce(trim(shared), '') <> '' AS shared FROM ${csv}`,
    { path: files.areaCodes },
  );
  if (existsSync(files.timeZones)) {
    await warehouse.run(
      `CREATE OR REPLACE TEMP TABLE ref_zone_overrides AS
       SELECT trim(kind) AS kind, trim(key) AS key, trim(iso_code) AS iso_code, trim(time_zone) AS time_zone FROM ${csv}`,
      { path: files.timeZones },
    );
  } else {
    // A country whose states each keep one zone needs no overrides file.
    await warehouse.run(
      'CREATE OR REPLACE TEMP TABLE ref_zone_overrides (kind VARCHAR, key VARCHAR, iso_code VARCHAR, time_zone VARCHAR)');
  }
  const codes = Object.entries(metadata.country_calling_codes as Record<string, string[]>)
    .map(([code, countries]) => ({ code, country: countries[0] ?? null }));
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE ref_calling_codes AS
     SELECT code, country FROM (SELECT unnest(from_json($codes, '[{"code":"VARCHAR","country":"VARCHAR"}]'), recursive := true))`,
    { codes: JSON.stringify(codes) },
  );
  return { country, countryIso, callingCode };
}

/** SQL twin of `normaliseAlias` in country-data.ts: lower case, no accents, non-alphanumerics to one space. */
export function aliasKeySql(expr: string): string {
  return `trim(regexp_replace(strip_accents(lower(${expr})), '[^a-z0-9]+', ' ', 'g'))`;
}
