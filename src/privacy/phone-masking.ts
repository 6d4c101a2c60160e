/**
 * Phone-shaped text and its mask, one pattern for DuckDB (RE2) and JavaScript. A phone is 10 to 13
 * digits written contiguously or grouped the ways Mexican numbers are written (2-4-4, 3-3-4,
 * 2-2-2-2-2, 3-3-2-2, with spaces, dots, dashes or parentheses), after an optional +CC, 1, 044, 045
 * or 01 prefix. Dates and times (2026-09-14 21:05), decimals (899.0833333333334) and longer digit
 * runs (card or account numbers) do not match. Masked text keeps the last four digits: `•••• 5678`.
 */
const SEP = '[ .-]';
const PREFIX = `(?:\\+\\d{1,3}${SEP}?(?:1${SEP}?)?|\\d{1,3}[ -](?:1[ -])?|0(?:44|45|1)${SEP}?)?`;
/** Before a number: not a letter, digit or +; a dot only when no digit precedes it (0.0833333333334 is a decimal). */
const LEAD = '(^|[^0-9A-Za-z+.]|^\\.|[^0-9]\\.)';
const TRAIL = '($|[^0-9A-Za-z])';
/** Alternatives, each as (head)(last digits): groups 2-3, 4-5, 6-7. */
const ALTERNATIVES = [
  `(${PREFIX}(?:\\d{6,9}|\\(?\\d{2}\\)?${SEP}?\\d{4}${SEP}?|\\(?\\d{3}\\)?${SEP}?\\d{3}${SEP}?))(\\d{4})`,
  `(${PREFIX}\\(?\\d{2}\\)?${SEP}\\d{2}${SEP}\\d{2}${SEP})(\\d{2}${SEP}\\d{2})`,
  `(${PREFIX}\\(?\\d{3}\\)?${SEP}?\\d{3}${SEP})(\\d{2}${SEP}\\d{2})`,
];

/** The pattern source; group 1 and group 8 are the characters around the number. */
export const PHONE_PATTERN = `${LEAD}(?:${ALTERNATIVES.join('|')})${TRAIL}`;

const MASK = '••••';

/** Masks every phone-shaped run in a text. */
export function maskPhonesInText(text: string): string {
  const regex = new RegExp(PHONE_PATTERN, 'g');
  const once = (t: string) =>
    t.replace(regex, (_m, lead: string, _h1, l1?: string, _h2?: string, l2?: string, _h3?: string, l3?: string, trail?: string) =>
      `${lead}${MASK} ${l1 ?? l2 ?? l3 ?? ''}${trail ?? ''}`);
  // Twice: a number right after another shares its boundary character with the first match.
  return once(once(text));
}

/** SQL masking every phone-shaped run in a VARCHAR expression (the same rule as {@link maskPhonesInText}). */
export function maskPhonesSqlExpr(expr: string): string {
  const once = (e: string) => `regexp_replace(${e}, '${PHONE_PATTERN}', '\\1${MASK} \\3\\5\\7\\8', 'g')`;
  return once(once(expr));
}

/** Whether a text holds anything phone-shaped. */
export function hasPhoneShape(text: string): boolean {
  return new RegExp(PHONE_PATTERN).test(text);
}
