import { Metadata } from 'libphonenumber-js/max';
import { quoteLiteral } from '../db/sql-identifiers.ts';

/** The number types libphonenumber-js tries when it validates a number (its getNumberType). */
const NUMBER_TYPES = ['FIXED_LINE', 'MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'];

/** The parts of libphonenumber-js's numbering plan read here (present at run time, not in its typings). */
interface PlanInternals {
  nationalNumberPattern(): unknown;
  possibleLengths(): unknown;
  nationalPrefixForParsing(): unknown;
  type(name: string): { pattern(): unknown; possibleLengths(): unknown } | undefined;
}

let cached: { patterns: string[] } | null | undefined;

/** Mexico's national-number pattern and the pattern of each number type, from the metadata normalisePhone uses. */
function mexicanPatterns(): { patterns: string[] } | null {
  if (cached !== undefined) return cached;
  cached = null;
  try {
    const metadata = new Metadata();
    metadata.selectNumberingPlan('MX');
    const plan = metadata.numberingPlan as unknown as PlanInternals | undefined;
    if (!plan || plan.nationalPrefixForParsing() || !isLengths(plan.possibleLengths(), true)) return cached;
    const national = plan.nationalNumberPattern();
    const types = NUMBER_TYPES.map((name) => plan.type(name))
      .filter((t) => t && typeof t.pattern() === 'string' && isLengths(t.possibleLengths(), false))
      .map((t) => t!.pattern() as string);
    if (typeof national !== 'string' || !types.length) return cached;
    cached = { patterns: [national, types.map((p) => `(?:${p})`).join('|')] };
  } catch {
    cached = null;
  }
  return cached;
}

/** Ten-digit national numbers are possible (a type without its own lengths inherits the plan's). */
function isLengths(lengths: unknown, required: boolean): boolean {
  if (lengths === undefined) return !required;
  return Array.isArray(lengths) && lengths.includes(10);
}

/**
 * SQL true for a phone candidate written `+52` and ten digits that libphonenumber-js accepts as a
 * valid Mexican number (the national number matches Mexico's pattern and one of its number types');
 * such a candidate is its own E.164. Deciding these in DuckDB spares parsing each distinct number in
 * JS (~7 µs each: seconds for the senders of a million messages). `FALSE` when the metadata does not
 * have the expected shape: every candidate then goes through normalisePhone.
 */
export function validMexicanNumberSql(expr: string): string {
  const found = mexicanPatterns();
  if (!found) return 'FALSE';
  const national = `substr(${expr}, 4)`;
  return `(regexp_full_match(${expr}, '\\+52[0-9]{10}') AND ${found.patterns
    .map((p) => `regexp_full_match(${national}, ${quoteLiteral(p)})`).join(' AND ')})`;
}
