import { ConfigError } from '../core/errors.ts';
import type { Warehouse } from '../db/warehouse.ts';

export interface AgeBand {
  label: string;
  lo: number;
  /** Inclusive; null for an open band such as '65+'. */
  hi: number | null;
}

export interface EnrichSettings {
  ageBands: AgeBand[];
  chainMinSenders: number;
  chainMinWords: number;
  homeCountry: string;
  defaultTz: string;
}

export const DEFAULT_AGE_BANDS = '18-24,25-34,35-44,45-54,55-64,65+';

const DEFAULTS: Record<string, string> = {
  age_bands: DEFAULT_AGE_BANDS,
  chain_min_senders: '3',
  chain_min_words: '20',
  home_country: 'mx',
  default_tz: 'America/Mexico_City',
};

/** Reads the enrichment settings from the warehouse's `settings` table, falling back to the defaults. */
export async function loadEnrichSettings(warehouse: Warehouse): Promise<EnrichSettings> {
  const rows = await warehouse.all<{ key: string; value: string }>('SELECT key, value FROM settings');
  const value = (key: string) => rows.find((r) => r.key === key)?.value?.trim() || DEFAULTS[key]!;
  return {
    ageBands: parseAgeBands(value('age_bands')),
    chainMinSenders: positiveInt('chain_min_senders', value('chain_min_senders')),
    chainMinWords: positiveInt('chain_min_words', value('chain_min_words')),
    homeCountry: value('home_country').toLowerCase(),
    defaultTz: value('default_tz'),
  };
}

/** '18-24,25-34,65+' -> bands; they must be ascending and must not overlap. */
export function parseAgeBands(text: string): AgeBand[] {
  const bands = text.split(',').map((part) => part.trim()).filter(Boolean).map((label) => {
    const closed = /^(\d+)\s*-\s*(\d+)$/.exec(label);
    if (closed) return { label: `${closed[1]}-${closed[2]}`, lo: Number(closed[1]), hi: Number(closed[2]) };
    const open = /^(\d+)\s*\+$/.exec(label);
    if (open) return { label: `${open[1]}+`, lo: Number(open[1]), hi: null };
    throw new ConfigError(`settings age_bands: '${label}' is not a band like '18-24' or '65+'`);
  });
  if (bands.length === 0) throw new ConfigError('settings age_bands: no bands');
  bands.forEach((band, i) => {
    if (band.hi !== null && band.hi < band.lo) throw new ConfigError(`settings age_bands: '${band.label}' ends before it starts`);
    const previous = bands[i - 1];
    if (previous && (previous.hi === null || band.lo <= previous.hi)) {
      throw new ConfigError(`settings age_bands: '${band.label}' overlaps or comes before '${previous.label}'`);
    }
  });
  return bands;
}

function positiveInt(key: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(`settings ${key}: '${text}' is not a positive integer`);
  return n;
}
