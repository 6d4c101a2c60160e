/**
 * Time arithmetic for the generator without `Date` in the hot path: UTC offsets per Mexican zone
 * (with US daylight-saving rules for the border), fast ISO-8601 formatting with a per-minute
 * cache, and the weekly message rhythm.
 */
import type { Rng } from './random.ts';
import { ZONES, type ZoneKind } from './vocabulary.ts';

/** Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** [year, month 1-12, day] for days since 1970-01-01. */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** 0 = Sunday ... 6 = Saturday, for days since 1970-01-01 (a Thursday). */
export function weekday(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

const dstCache = new Map<string, readonly [number, number]>();

/** US daylight-saving interval [start, end) in UTC seconds for a zone's standard offset. */
function usDst(year: number, standard: number): readonly [number, number] {
  const key = `${year}:${standard}`;
  let hit = dstCache.get(key);
  if (!hit) {
    const march1 = daysFromCivil(year, 3, 1);
    const secondSundayMarch = march1 + ((7 - weekday(march1)) % 7) + 7;
    const nov1 = daysFromCivil(year, 11, 1);
    const firstSundayNov = nov1 + ((7 - weekday(nov1)) % 7);
    // 02:00 local standard time in March; 02:00 local daylight time (= 01:00 standard) in November.
    const start = secondSundayMarch * 86400 + 2 * 3600 - standard * 60;
    const end = firstSundayNov * 86400 + 1 * 3600 - standard * 60;
    hit = [start, end];
    dstCache.set(key, hit);
  }
  return hit;
}

/** UTC offset in minutes of a zone at an instant (UTC seconds). */
export function zoneOffset(zone: ZoneKind, epochSec: number): number {
  const z = ZONES[zone];
  if (z.daylight === null) return z.standard;
  const year = civilFromDays(Math.floor((epochSec + z.standard * 60) / 86400))[0];
  const [start, end] = usDst(year, z.standard);
  return epochSec >= start && epochSec < end ? z.daylight : z.standard;
}

const PAD2: string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

export function pad2(n: number): string {
  return PAD2[n] ?? String(n).padStart(2, '0');
}

export function offsetSuffix(offsetMin: number): string {
  if (offsetMin === 0) return '+00:00';
  const sign = offsetMin < 0 ? '-' : '+';
  const a = Math.abs(offsetMin);
  return `${sign}${pad2(Math.floor(a / 60))}:${pad2(a % 60)}`;
}

/** Formats instants as ISO-8601 with an offset. Caches the "YYYY-MM-DDTHH:MM:" part per local minute. */
export class IsoClock {
  private readonly prefixes = new Map<number, string>();
  private readonly suffixes = new Map<number, string>();

  /** `YYYY-MM-DDTHH:MM:SS-06:00`, or with `Z` when `utcZ` is set. */
  iso(epochSec: number, offsetMin: number, utcZ = false): string {
    const local = utcZ ? epochSec : epochSec + offsetMin * 60;
    const minute = Math.floor(local / 60);
    let prefix = this.prefixes.get(minute);
    if (prefix === undefined) {
      const [y, m, d] = civilFromDays(Math.floor(minute / 1440));
      const mod = minute - Math.floor(minute / 1440) * 1440;
      prefix = `${y}-${pad2(m)}-${pad2(d)}T${pad2(Math.floor(mod / 60))}:${pad2(mod % 60)}:`;
      this.prefixes.set(minute, prefix);
    }
    if (utcZ) return `${prefix}${pad2(local - minute * 60)}Z`;
    let suffix = this.suffixes.get(offsetMin);
    if (suffix === undefined) {
      suffix = offsetSuffix(offsetMin);
      this.suffixes.set(offsetMin, suffix);
    }
    return prefix + pad2(local - minute * 60) + suffix;
  }
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function localParts(epochSec: number, offsetMin: number): LocalParts {
  const local = epochSec + offsetMin * 60;
  const days = Math.floor(local / 86400);
  const rest = local - days * 86400;
  const [year, month, day] = civilFromDays(days);
  return { year, month, day, hour: Math.floor(rest / 3600), minute: Math.floor((rest % 3600) / 60), second: rest % 60 };
}

/** Parse an ISO-8601 date-time with offset (or date) into UTC seconds. */
export function parseStart(iso: string): number {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new RangeError(`start is not an ISO 8601 date-time: ${iso}`);
  return Math.floor(ms / 1000);
}

/**
 * Relative message volume per local hour (America/Mexico_City): quiet nights, busy evenings.
 * Weekends are busier overall and start later.
 */
const WEEKDAY_HOURS = [
  0.3, 0.17, 0.1, 0.07, 0.07, 0.12, 0.3, 0.55, 0.75, 0.85, 0.9, 0.9,
  0.95, 1.0, 1.0, 0.95, 0.95, 1.0, 1.15, 1.35, 1.55, 1.6, 1.35, 0.8,
];
const WEEKEND_HOURS = [
  0.55, 0.35, 0.2, 0.12, 0.08, 0.08, 0.15, 0.3, 0.55, 0.85, 1.1, 1.25,
  1.3, 1.35, 1.3, 1.3, 1.35, 1.4, 1.5, 1.6, 1.75, 1.75, 1.5, 1.0,
];

/**
 * Per-minute weights over [start, start + minutes): the weekly rhythm (interpolated between hours),
 * a little noise, and a few bursts (a debate clip going round, a viral video) drawn from the seed.
 */
export function minuteWeights(startSec: number, minutes: number, rng: Rng, campaignOffsetMin = -360): Float64Array {
  const w = new Float64Array(minutes);
  const bursts: Array<[number, number, number]> = [];
  const burstCount = Math.max(1, Math.round(minutes / 1440));
  for (let i = 0; i < burstCount; i++) {
    const at = rng.int(Math.max(1, minutes));
    bursts.push([at, 20 + rng.int(90), 1.4 + rng.next() * 1.4]);
  }
  let noise = 1;
  for (let m = 0; m < minutes; m++) {
    const local = startSec + m * 60 + campaignOffsetMin * 60;
    const days = Math.floor(local / 86400);
    const dow = weekday(days);
    const hourF = (local - days * 86400) / 3600;
    const h = Math.floor(hourF);
    const frac = hourF - h;
    const table = dow === 0 || dow === 6 ? WEEKEND_HOURS : WEEKDAY_HOURS;
    // Friday night already feels like the weekend.
    const a = (dow === 5 && h >= 18 ? WEEKEND_HOURS : table)[h] as number;
    const nextH = (h + 1) % 24;
    const nextTable = nextH === 0 ? (dow === 5 || dow === 6 ? WEEKEND_HOURS : WEEKDAY_HOURS) : table;
    const b = nextTable[nextH] as number;
    let value = (a * (1 - frac) + b * frac) * (dow === 0 || dow === 6 ? 1.2 : 1);
    noise = 0.85 * noise + 0.15 * (0.8 + rng.next() * 0.4);
    value *= noise;
    for (const [at, len, factor] of bursts) {
      if (m >= at && m < at + len) value *= factor;
    }
    w[m] = value;
  }
  return w;
}
