import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

interface NumberParts {
  countryCode: string;
  national: string;
}

function parts(e164: string): NumberParts | undefined {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed || !/^\d+$/.test(parsed.nationalNumber)) return undefined;
  return { countryCode: parsed.countryCallingCode, national: parsed.nationalNumber };
}

/**
 * The ways people and exports write one number (E.164 in): with and without +CC, Mexico's old
 * mobile `1` and 044/045/01 prefixes, grouped 2-4-4, 3-3-4 or in pairs. Tests grep files for these.
 */
export function writtenForms(e164: string): string[] {
  const p = parts(e164);
  if (!p) return [e164];
  const { countryCode: cc, national: n } = p;
  const grouped = [
    n,
    `${n.slice(0, 2)} ${n.slice(2, 6)} ${n.slice(6)}`,
    `${n.slice(0, 2)}-${n.slice(2, 6)}-${n.slice(6)}`,
    `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`,
    `${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6)}`,
    `(${n.slice(0, 2)}) ${n.slice(2, 6)} ${n.slice(6)}`,
    n.replace(/(\d\d)(?=\d)/g, '$1 '),
  ];
  const forms = new Set<string>();
  for (const g of grouped) {
    forms.add(g);
    forms.add(`+${cc} ${g}`);
    if (cc === '52') forms.add(`+52 1 ${g}`);
  }
  forms.add(`+${cc}${n}`);
  forms.add(`${cc}${n}`);
  if (cc === '52') {
    for (const prefix of ['+521', '521', '044', '045', '01']) forms.add(`${prefix}${n}`);
  }
  return [...forms];
}

/**
 * A pattern (RE2 and JavaScript) matching one person's number however it is written inside a text:
 * any mix of spaces, dots, dashes and parentheses between its digits, after an optional +CC, 1, 044,
 * 045 or 01. Group 1 and group 2 are the characters around it. Built from digits only.
 */
export function mentionPattern(e164: string): string | undefined {
  const p = parts(e164);
  if (!p) return undefined;
  const sep = '[ .()-]*';
  const digits = p.national.split('').join(sep);
  const mobile = p.countryCode === '52' ? `(?:1${sep})?` : '';
  const trunk = p.countryCode === '52' ? `|0(?:44|45|1)${sep}` : '';
  return `(^|[^0-9A-Za-z])(?:\\+?${p.countryCode}${sep}${mobile}${trunk})?\\(?${digits}($|[^0-9A-Za-z])`;
}
