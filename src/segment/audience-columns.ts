import { UsageError } from '../core/errors.ts';
import { indexCountryData, loadCountryData } from '../enrich/country-data.ts';
import type { FilterColumns } from './filter-compiler.ts';

const UNKNOWN = 'desconocido';

/**
 * What `--where` may name in audience exports and saved segments: one row per reachable contact.
 * The SQL refers to the columns of the audience query in audience-export.ts.
 */
export function audienceColumns(country = 'mx'): FilterColumns {
  return {
    issue: { sql: 'primary_issue', type: 'text', description: "the contact's primary issue (e.g. 'seguridad', 'sin_tema')" },
    mentions: { sql: 'mentions', type: 'list', description: 'any issue the contact wrote about (mentions = \'agua\')' },
    state: { sql: 'state_code', type: 'text', description: "state, ISO 3166-2 ('MX-NLE'; names and abbreviations like 'NL' work too)", normalise: stateNormaliser(country) },
    age_band: { sql: 'age_band', type: 'text', description: "'18-24' … '65+' or 'desconocido'" },
    silo: { sql: 'silo_key', type: 'text', description: "the silo key 'issue:state:age_band'" },
    day_part: { sql: 'best_day_part', type: 'text', description: 'best send window: madrugada | manana | tarde | noche' },
    week_part: { sql: 'best_week_part', type: 'text', description: 'best send window: weekday | weekend' },
    first_seen: { sql: 'first_seen', type: 'timestamp', description: 'first inbound message' },
    last_seen: { sql: 'last_seen', type: 'timestamp', description: 'latest inbound message' },
    messages_in: { sql: 'messages_in', type: 'number', description: 'messages the contact sent' },
    messages_out: { sql: 'messages_out', type: 'number', description: 'replies the campaign sent the contact' },
    state_source: { sql: 'state_source', type: 'text', description: 'declared | message | area_code' },
    age_source: { sql: 'age_source', type: 'text', description: 'declared | message' },
    sender_key: { sql: 'sender_key', type: 'text', description: 'the pseudonymous sender key' },
  };
}

/** 'MX-NLE', 'mx-nle', 'NL', 'Nuevo León' -> 'MX-NLE'; an unknown state is an error, not an empty export. */
function stateNormaliser(country: string): (value: string) => string {
  return (value: string) => {
    if (value.toLowerCase() === UNKNOWN) return UNKNOWN;
    let index: ReturnType<typeof indexCountryData>;
    try {
      index = indexCountryData(loadCountryData(country));
    } catch {
      return value;
    }
    const upper = value.trim().toUpperCase();
    if (index.stateByIso.has(upper)) return upper;
    const alias = index.alias(value);
    if (alias && alias.kind !== 'ambiguous' && alias.kind !== 'city') return alias.isoCode;
    const byAbbr = [...index.stateByIso.values()].find((s) => s.abbr.toUpperCase() === upper);
    if (byAbbr) return byAbbr.isoCode;
    throw new UsageError(`--where: unknown state '${value}'; write its ISO code (e.g. MX-NLE), name or abbreviation, or 'desconocido'`);
  };
}
