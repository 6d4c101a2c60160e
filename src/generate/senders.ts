/**
 * The simulated population: who writes, how often, from which state and lada, at what age,
 * about which issue, and how carefully. Stored column-wise in typed arrays so that the 2.5M
 * senders of a 10M-message run stay small.
 */
import { csvField } from './output.ts';
import { Rng, WeightedList, WeightedPicker } from './random.ts';
import {
  AGE_BAND_RANGES, AGE_BAND_WEIGHTS, AGE_ISSUE_BIAS, CONTACT_SOURCES, FEMALE_NAMES, ISSUES, ISSUE_VOCABULARY, LADAS,
  MALE_NAMES, NAME_EMOJIS, FEMALE_NICKNAMES, MALE_NICKNAMES, BUSINESS_NAMES, STATES, SURNAMES, ageBandIndex,
} from './vocabulary.ts';

/** How a phone number is written in the canonical CSV's sender column. */
export const PhoneForm = {
  Spaced: 0, // +52 55 1234 5678
  Compact: 1, // +525512345678
  WhatsApp521: 2, // 5215512345678
  WhatsAppPrefixed: 3, // whatsapp:+5215512345678
  Bare: 4, // 5512345678
} as const;

const PHONE_FORM_WEIGHTS = [0.35, 0.33, 0.12, 0.08, 0.12];
/** Writing care: 0 careful, 1 casual, 2 texting, 3 sloppy (see text.ts). */
const STYLE_WEIGHTS = [0.22, 0.4, 0.24, 0.14];

export const LADA_INDEX = new Map<string, number>(LADAS.map((l, i) => [l.lada, i]));

export interface SenderTable {
  count: number;
  /** Planned inbound messages per sender (all of them are written). */
  planned: Int32Array;
  number: Float64Array;
  /** The 10-digit national number as text (same value as `number`). */
  digits: string[];
  /** The number in the sender's usual written form (`form`). */
  phone: string[];
  lada: Uint16Array;
  state: Uint8Array;
  age: Uint8Array;
  issue: Uint8Array;
  style: Uint8Array;
  shouts: Uint8Array;
  form: Uint8Array;
  /** Index into `names`, or -1 for no profile name. */
  name: Int32Array;
  /** Index of the sender's message (0-based, among their inbound ones) that states the age; -1 none. */
  ageAt: Int32Array;
  /** 0 not in contacts.csv; 1 with age; 2 with birth year; 3 without either. */
  contact: Uint8Array;
  contactSource: Uint8Array;
  names: string[];
  /** `names` as canonical-CSV fields (quoted where needed). */
  namesCsv: string[];
  /** First name usable in a reply ("Lupita"), or '' (nicknames, shops). */
  firstNames: string[];
  /** 0 woman, 1 man. */
  gender: Uint8Array;
  /** Per issuePickerIndex(state, age, gender): picker over ISSUES for that kind of person. */
  issuePickers: WeightedPicker[];
}

/** Draw how many inbound messages each sender writes until `total` is covered exactly. */
function planCounts(total: number, rng: Rng): Int32Array {
  const cap = Math.max(5, Math.floor(total / 150));
  const counts: number[] = [];
  let sum = 0;
  while (sum < total) {
    const r = rng.next();
    let k: number;
    if (r < 0.55) k = 1;
    else if (r < 0.73) k = 2;
    else if (r < 0.82) k = 3;
    else if (r < 0.88) k = rng.range(4, 5);
    else if (r < 0.95) k = rng.range(6, 12);
    else if (r < 0.99) k = rng.range(13, 40);
    else if (r < 0.9995) k = rng.range(41, 120);
    else k = rng.range(150, 600);
    k = Math.min(k, cap, total - sum);
    counts.push(k);
    sum += k;
  }
  return Int32Array.from(counts);
}

/** Profile names: the first `femaleCount` entries belong to women, the rest to men. */
function makeNames(rng: Rng, perGender: number): { names: string[]; firstNames: string[]; femaleCount: number } {
  const names: string[] = [];
  const firstNames: string[] = [];
  for (let gender = 0; gender < 2; gender++) {
    for (let i = 0; i < perGender; i++) {
      const first = gender === 0 ? rng.pick(FEMALE_NAMES) : rng.pick(MALE_NAMES);
      const last = rng.pick(SURNAMES);
      const r = rng.next();
      let name: string;
      let usable = first;
      if (r < 0.4) name = `${first} ${last}`;
      else if (r < 0.58) name = first;
      else if (r < 0.66) name = `${first} ${last} ${rng.pick(SURNAMES)}`;
      else if (r < 0.72) name = `${first} ${last[0]}.`;
      else if (r < 0.76) name = `${first} ${last}`.toUpperCase();
      else if (r < 0.8) name = `${first} ${last}`.toLowerCase();
      else if (r < 0.9) {
        name = rng.next() < 0.85 ? rng.pick(gender === 0 ? FEMALE_NICKNAMES : MALE_NICKNAMES) : rng.pick(BUSINESS_NAMES);
        usable = '';
      } else name = `${first} ${rng.pick(NAME_EMOJIS)}`;
      names.push(name);
      firstNames.push(usable);
    }
  }
  return { names, firstNames, femaleCount: perGender };
}

/** Index into SenderTable.issuePickers for a kind of person. */
export function issuePickerIndex(state: number, age: number, gender: number): number {
  return (state * 6 + ageBandIndex(age)) * 2 + gender;
}

export function buildSenders(inbound: number, rng: Rng, seed: number): SenderTable {
  const planned = planCounts(inbound, rng);
  const count = planned.length;

  const statePicker = new WeightedPicker(STATES.map((s) => s.population));
  const ladaPickers = STATES.map((s) => new WeightedList(s.ladas.map(([lada, w]) => [LADA_INDEX.get(lada) as number, w] as const)));
  for (const s of STATES) for (const [lada] of s.ladas) if (!LADA_INDEX.has(lada)) throw new Error(`lada ${lada} of ${s.code} missing from LADAS`);
  const bandPicker = new WeightedPicker(AGE_BAND_WEIGHTS);
  const stylePicker = new WeightedPicker(STYLE_WEIGHTS);
  const formPicker = new WeightedPicker(PHONE_FORM_WEIGHTS);
  const sourcePicker = new WeightedPicker(CONTACT_SOURCES.map((s) => s[1]));
  const issuePickers: WeightedPicker[] = [];
  for (const st of STATES) {
    for (let band = 0; band < 6; band++) {
      for (let gender = 0; gender < 2; gender++) {
        issuePickers.push(new WeightedPicker(ISSUES.map((k) => ISSUE_VOCABULARY[k].weight * (st.bias[k] ?? 1)
          * (AGE_ISSUE_BIAS[band]?.[k] ?? 1) * (k === 'mujeres' ? (gender === 0 ? 1.7 : 0.4) : 1))));
      }
    }
  }

  // Unique subscriber numbers per lada: an affine permutation of a per-lada counter.
  const ladaCounter = new Float64Array(LADAS.length);
  const ladaOffset = LADAS.map((l) => {
    const span = 9 * 10 ** (9 - l.lada.length);
    return rng.int(span);
  });

  const { names, firstNames, femaleCount } = makeNames(new Rng(seed, 'names'), Math.min(20_000, Math.max(100, count)));

  const t: SenderTable = {
    count, planned,
    number: new Float64Array(count), digits: new Array<string>(count), phone: new Array<string>(count), lada: new Uint16Array(count), state: new Uint8Array(count), age: new Uint8Array(count),
    issue: new Uint8Array(count), style: new Uint8Array(count), shouts: new Uint8Array(count), form: new Uint8Array(count),
    gender: new Uint8Array(count), name: new Int32Array(count), ageAt: new Int32Array(count), contact: new Uint8Array(count), contactSource: new Uint8Array(count),
    names, namesCsv: names.map(csvField), firstNames, issuePickers,
  };

  for (let i = 0; i < count; i++) {
    const state = statePicker.pick(rng);
    const lada = ladaPickers[state]!.pick(rng);
    const ladaText = LADAS[lada]!.lada;
    const subDigits = 10 - ladaText.length;
    const span = 9 * 10 ** (subDigits - 1);
    const multiplier = subDigits === 8 ? 76543211 : 7654321; // coprime with span
    const k = ladaCounter[lada]!;
    ladaCounter[lada] = k + 1;
    const sub = 10 ** (subDigits - 1) + ((multiplier * k + ladaOffset[lada]!) % span);
    t.number[i] = Number(ladaText) * 10 ** subDigits + sub;
    t.digits[i] = ladaText + String(sub);
    t.lada[i] = lada;
    t.state[i] = state;
    const band = bandPicker.pick(rng);
    const [lo, hi] = AGE_BAND_RANGES[band]!;
    const age = rng.range(lo, hi);
    t.age[i] = age;
    const gender = rng.chance(0.52) ? 0 : 1;
    t.gender[i] = gender;
    t.issue[i] = issuePickers[issuePickerIndex(state, age, gender)]!.pick(rng);
    t.style[i] = stylePicker.pick(rng);
    t.shouts[i] = rng.chance(0.05) ? 1 : 0;
    t.form[i] = formPicker.pick(rng);
    t.phone[i] = writePhone(t.digits[i]!, ladaText.length, t.form[i]!);
    t.name[i] = rng.chance(0.86) ? gender * femaleCount + rng.int(femaleCount) : -1;
    t.ageAt[i] = rng.chance(0.09) ? rng.int(planned[i]!) : -1;
    if (rng.chance(0.3)) {
      const r = rng.next();
      t.contact[i] = r < 0.45 ? 1 : r < 0.9 ? 2 : 3;
      t.contactSource[i] = sourcePicker.pick(rng);
    }
  }
  return t;
}

export function ladaLength(t: SenderTable, sid: number): number {
  return LADAS[t.lada[sid]!]!.lada.length;
}

/** `55 1234 5678` / `222 123 4567`. */
export function spacedNational(digits: string, ladaLen: number): string {
  return ladaLen === 2
    ? `${digits.slice(0, 2)} ${digits.slice(2, 6)} ${digits.slice(6)}`
    : `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}

export function writePhone(digits: string, ladaLen: number, form: number): string {
  switch (form) {
    case PhoneForm.Spaced: return `+52 ${spacedNational(digits, ladaLen)}`;
    case PhoneForm.Compact: return `+52${digits}`;
    case PhoneForm.WhatsApp521: return `521${digits}`;
    case PhoneForm.WhatsAppPrefixed: return `whatsapp:+521${digits}`;
    default: return digits;
  }
}

/** `+52 1 55 1234 5678`: how WhatsApp shows an unsaved Mexican number. */
export function whatsappDisplay(digits: string, ladaLen: number): string {
  return `+52 1 ${spacedNational(digits, ladaLen)}`;
}

/** Phone as typed into a sign-up sheet. */
export function contactPhone(digits: string, ladaLen: number, rng: Rng): string {
  const r = rng.next();
  const l = digits.slice(0, ladaLen);
  const a = digits.slice(ladaLen, 6);
  const b = digits.slice(6);
  if (r < 0.28) return `+52 ${spacedNational(digits, ladaLen)}`;
  if (r < 0.56) return digits;
  if (r < 0.71) return spacedNational(digits, ladaLen);
  if (r < 0.81) return `(${l}) ${a}-${b}`;
  if (r < 0.89) return `+52${digits}`;
  if (r < 0.93) return `044 ${spacedNational(digits, ladaLen)}`;
  if (r < 0.97) return `52 1 ${spacedNational(digits, ladaLen)}`;
  return `${l}-${a}-${b}`;
}

export { CONTACT_SOURCES };
