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

const LADA_TEXT = LADAS.map((l) => l.lada);
const LADA_LEN = LADAS.map((l) => l.lada.length);
/** Per phone form, per lada: the text before the subscriber digits. */
const FORM_PREFIX: readonly (readonly string[])[] = [
  LADA_TEXT.map((l) => `+52 ${l} `),
  LADA_TEXT.map((l) => `+52${l}`),
  LADA_TEXT.map((l) => `521${l}`),
  LADA_TEXT.map((l) => `whatsapp:+521${l}`),
  LADA_TEXT,
];

// Packed per-sender storage (two cache lines or fewer per message, few objects for the GC).
const A = 8; // bytes per sender in `attrs`
const A_STATE = 0, A_AGE = 1, A_ISSUE = 2, A_STYLE = 3, A_FORM = 4, A_FLAGS = 5, A_CONTACT = 6, A_LADA = 7;
const F_SHOUTS = 1, F_MALE = 2, F_AGE_KNOWN = 4, F_MULTI = 8; // bits 4-5 contact source, bits 6-7 opt-out state
const I = 4; // ints per sender in `ints`
const I_SUB = 0, I_NAME = 1, I_AGE_AT = 2, I_SEEN = 3;

/**
 * The simulated senders. Attributes are read through small methods (inlined by V8) over two
 * packed typed arrays; phone texts are built on demand rather than stored.
 */
export class SenderTable {
  readonly count: number;
  /** Planned inbound messages per sender (all of them are written). */
  readonly planned: Int32Array;
  private readonly attrs: Uint8Array;
  private readonly ints: Int32Array;
  readonly names: string[];
  /** `names` as canonical-CSV fields (quoted where needed). */
  readonly namesCsv: string[];
  /** First name usable in a reply ("Lupita"), or '' (nicknames, shops). */
  readonly firstNames: string[];
  /** Per issuePickerIndex(state, age, gender): picker over ISSUES for that kind of person. */
  readonly issuePickers: WeightedPicker[];

  constructor(planned: Int32Array, names: string[], firstNames: string[], issuePickers: WeightedPicker[]) {
    this.count = planned.length;
    this.planned = planned;
    this.attrs = new Uint8Array(this.count * A);
    this.ints = new Int32Array(this.count * I);
    this.names = names;
    this.namesCsv = names.map(csvField);
    this.firstNames = firstNames;
    this.issuePickers = issuePickers;
  }

  /** Index into STATES. */
  state(sid: number): number { return this.attrs[sid * A + A_STATE]!; }
  age(sid: number): number { return this.attrs[sid * A + A_AGE]!; }
  /** The sender's usual issue (index into ISSUES). */
  issue(sid: number): number { return this.attrs[sid * A + A_ISSUE]!; }
  /** Writing care 0-3 (see text.ts). */
  style(sid: number): number { return this.attrs[sid * A + A_STYLE]!; }
  /** Usual PhoneForm. */
  form(sid: number): number { return this.attrs[sid * A + A_FORM]!; }
  shouts(sid: number): boolean { return (this.attrs[sid * A + A_FLAGS]! & F_SHOUTS) !== 0; }
  /** 0 woman, 1 man. */
  gender(sid: number): number { return (this.attrs[sid * A + A_FLAGS]! & F_MALE) !== 0 ? 1 : 0; }
  /** Age declared in contacts.csv or stated in a message: the truth's age_band is filled. */
  ageKnown(sid: number): boolean { return (this.attrs[sid * A + A_FLAGS]! & F_AGE_KNOWN) !== 0; }
  /** Writes more than one message. */
  multi(sid: number): boolean { return (this.attrs[sid * A + A_FLAGS]! & F_MULTI) !== 0; }
  /** 0 not in contacts.csv; 1 with age; 2 with birth year; 3 without either. */
  contact(sid: number): number { return this.attrs[sid * A + A_CONTACT]!; }
  contactSource(sid: number): number { return (this.attrs[sid * A + A_FLAGS]! >> 4) & 3; }
  /** Opt-out state, kept by the composer: 0 subscribed, 1 out, 2 back in, 3 out but will come back. */
  optState(sid: number): number { return this.attrs[sid * A + A_FLAGS]! >> 6; }
  setOptState(sid: number, value: number): void {
    const k = sid * A + A_FLAGS;
    this.attrs[k] = (this.attrs[k]! & 0x3f) | (value << 6);
  }
  /** Index into LADAS. */
  lada(sid: number): number { return this.attrs[sid * A + A_LADA]!; }
  ladaLength(sid: number): number { return LADA_LEN[this.attrs[sid * A + A_LADA]!]!; }
  /** Index into `names`, or -1 for no profile name. */
  nameIndex(sid: number): number { return this.ints[sid * I + I_NAME]!; }
  /** Which of the sender's inbound messages (0-based) states the age; -1 none. */
  ageAt(sid: number): number { return this.ints[sid * I + I_AGE_AT]!; }
  /** Count the sender's inbound messages: returns how many were written before this one. */
  nextSeen(sid: number): number {
    const k = sid * I + I_SEEN;
    const n = this.ints[k]!;
    this.ints[k] = n + 1;
    return n;
  }

  /** The 10-digit national number. */
  digits(sid: number): string {
    return LADA_TEXT[this.attrs[sid * A + A_LADA]!]! + String(this.ints[sid * I + I_SUB]!);
  }

  /** The number written in a PhoneForm. */
  phone(sid: number, form: number): string {
    const lada = this.attrs[sid * A + A_LADA]!;
    const sub = String(this.ints[sid * I + I_SUB]!);
    const prefix = FORM_PREFIX[form]![lada]!;
    if (form !== PhoneForm.Spaced) return prefix + sub;
    const cut = sub.length - 4;
    return `${prefix}${sub.slice(0, cut)} ${sub.slice(cut)}`;
  }

  /** `+52 1 55 1234 5678`: how WhatsApp shows an unsaved Mexican number. */
  whatsappDisplay(sid: number): string {
    return whatsappDisplay(this.digits(sid), this.ladaLength(sid));
  }

  /** Used while building the table. */
  set(sid: number, v: {
    state: number; age: number; issue: number; style: number; form: number; shouts: boolean; male: boolean; lada: number;
    contact: number; contactSource: number; sub: number; name: number; ageAt: number;
  }): void {
    const a = sid * A;
    this.attrs[a + A_STATE] = v.state;
    this.attrs[a + A_AGE] = v.age;
    this.attrs[a + A_ISSUE] = v.issue;
    this.attrs[a + A_STYLE] = v.style;
    this.attrs[a + A_FORM] = v.form;
    this.attrs[a + A_CONTACT] = v.contact;
    this.attrs[a + A_LADA] = v.lada;
    const ageKnown = v.contact === 1 || v.contact === 2 || v.ageAt >= 0;
    this.attrs[a + A_FLAGS] = (v.shouts ? F_SHOUTS : 0) | (v.male ? F_MALE : 0) | (ageKnown ? F_AGE_KNOWN : 0)
      | (this.planned[sid]! > 1 ? F_MULTI : 0) | ((v.contactSource & 3) << 4);
    const i = sid * I;
    this.ints[i + I_SUB] = v.sub;
    this.ints[i + I_NAME] = v.name;
    this.ints[i + I_AGE_AT] = v.ageAt;
  }
}

export function buildSenders(inbound: number, rng: Rng, seed: number): SenderTable {
  if (LADAS.length > 255) throw new Error('lada index must fit in a byte');
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
  const t = new SenderTable(planned, names, firstNames, issuePickers);

  for (let i = 0; i < count; i++) {
    const state = statePicker.pick(rng);
    const lada = ladaPickers[state]!.pick(rng);
    const subDigits = 10 - LADA_LEN[lada]!;
    const span = 9 * 10 ** (subDigits - 1);
    const multiplier = subDigits === 8 ? 76543211 : 7654321; // coprime with span
    const k = ladaCounter[lada]!;
    ladaCounter[lada] = k + 1;
    const sub = 10 ** (subDigits - 1) + ((multiplier * k + ladaOffset[lada]!) % span);
    const band = bandPicker.pick(rng);
    const [lo, hi] = AGE_BAND_RANGES[band]!;
    const age = rng.range(lo, hi);
    const gender = rng.chance(0.52) ? 0 : 1;
    const issue = issuePickers[issuePickerIndex(state, age, gender)]!.pick(rng);
    const style = stylePicker.pick(rng);
    const shouts = rng.chance(0.05);
    const form = formPicker.pick(rng);
    const name = rng.chance(0.86) ? gender * femaleCount + rng.int(femaleCount) : -1;
    const ageAt = rng.chance(0.09) ? rng.int(planned[i]!) : -1;
    let contact = 0;
    let contactSource = 0;
    if (rng.chance(0.3)) {
      const r = rng.next();
      contact = r < 0.45 ? 1 : r < 0.9 ? 2 : 3;
      contactSource = sourcePicker.pick(rng);
    }
    t.set(i, { state, age, issue, style, form, shouts, male: gender === 1, lada, contact, contactSource, sub, name, ageAt });
  }
  return t;
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
