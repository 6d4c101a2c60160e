/**
 * Builds message bodies from the phrase stock in vocabulary.ts.
 *
 * Speed matters (millions of bodies), so every phrase is expanded and degraded ONCE, when the
 * phrasebook loads, into four writing levels:
 *   0 careful   accents, ¿ ¡, as written in vocabulary.ts
 *   1 casual    no ¿ ¡, accents mostly dropped
 *   2 texting   abbreviations (q, xq, pq, tmb, x, d, pa, porfa), slang (lana, chamba), no accents
 *   3 sloppy    level 2 plus misspellings (ospital, seguridá, escuala, aser, yegar)
 * At generation time a message only picks strings and concatenates them.
 */
import { Rng } from './random.ts';
import {
  AGE_PHRASES, CHAINS, CHAIN_PREFIXES, CHAIN_SUFFIXES, CLOSERS, CONNECTORS, GENERIC_REQUESTS,
  GREETINGS, ISSUES, ISSUE_VOCABULARY, OPTINS, OPTOUTS, OPTOUT_REPEATS, PENSION_PHRASES, QUESTIONS, QUESTION_FRAMES,
  SLOTS, SPAM, STATES, STATE_FRAMES, SUPPORT, SUPPORT_WITH_PLACE, REPLIES,
} from './vocabulary.ts';

export type Variants = readonly [string, string, string, string];

const ACCENTS: Record<string, string> = {
  á: 'a', é: 'e', í: 'i', ó: 'o', ú: 'u', ü: 'u', Á: 'A', É: 'E', Í: 'I', Ó: 'O', Ú: 'U', Ü: 'U',
};

export function stripAccents(text: string): string {
  return text.replace(/[áéíóúüÁÉÍÓÚÜ]/g, (c) => ACCENTS[c] ?? c);
}

function dropMarks(text: string): string {
  return text.replace(/[¿¡]/g, '');
}

/** Whole-phrase shortenings, applied before word ones. */
const PHRASE_ABBREV: ReadonlyArray<readonly [RegExp, readonly string[]]> = [
  [/\bpor favor\b/g, ['porfa', 'xfa', 'plis', 'porfavor', 'x fa']],
  [/\bqué onda\b/g, ['q onda', 'k onda', 'qonda']],
  [/\bde verdad\b/g, ['d vdd', 'de vdd']],
  [/\bpara que\b/g, ['pa q', 'pa que', 'pq']],
];

/** Texting shortcuts, keyed by the lowercase word as written (with accents). */
const ABBREV: Record<string, readonly string[]> = {
  que: ['q', 'k', 'q'], 'qué': ['q', 'k'], porque: ['xq', 'pq', 'porq'], 'por qué': ['xq'], por: ['x'],
  'también': ['tmb', 'tb', 'tbn'], de: ['d'], para: ['pa', 'pa', 'p'], gracias: ['grax', 'gracias', 'graciass'],
  'está': ['sta', 'ta'], 'están': ['stan', 'tan'], estoy: ['toy'], estamos: ['tamos'], bueno: ['bno'], mensaje: ['msj'],
  verdad: ['vdd'], 'dónde': ['dnd'], donde: ['dnd'], cuando: ['qndo'], 'señor': ['sr'], 'señora': ['sra'],
  pues: ['pos', 'pus', 'ps'], hermano: ['hno'], hermana: ['hna'], mucho: ['mucho', 'muxo'], nada: ['nada', 'nadaa'],
  saludos: ['saludos', 'salu2'], todos: ['todos', 'to2'], 'mamá': ['ma', 'amá'], 'papá': ['pa', 'apá'],
};

/** Slang swaps that keep gender agreement (the article goes with the word). */
const PHRASE_SLANG: ReadonlyArray<readonly [RegExp, readonly string[]]> = [
  [/\bel dinero\b/g, ['la lana', 'la feria', 'el varo']], [/\bnuestro dinero\b/g, ['nuestra lana', 'nuestro varo']],
  [/\bno hay trabajo\b/g, ['no hay chamba', 'no hay jale']], [/\bmi trabajo\b/g, ['mi chamba', 'mi jale']],
  [/\bel trabajo\b/g, ['la chamba', 'el jale']], [/\bmuy\b/g, ['bien', 'súper', 'muy']], [/\bpara\b/g, ['pa', 'pa']],
];

/** Word slang (same gender and number as the word it replaces). */
const SLANG: Record<string, readonly string[]> = {
  'niños': ['chamacos', 'morros', 'escuincles'], amigo: ['compa'], 'está': ['ta'], policía: ['poli', 'policía'],
  muchachos: ['chavos', 'morros'], muchacho: ['chavo', 'morro'], muchacha: ['chava', 'morra'],
};

/** Common misspellings (keyed by the unaccented lowercase word). */
const MISSPELL: Record<string, readonly string[]> = {
  hospital: ['ospital'], hospitales: ['ospitales'], hay: ['ai', 'ay'], ahi: ['ay', 'ai'], hacer: ['aser', 'acer'], hacen: ['asen'],
  hecho: ['echo'], escuela: ['escuala', 'escuela', 'ezcuela'], escuelas: ['escualas'], seguridad: ['seguridá', 'seguridaz'],
  inseguridad: ['inseguridá', 'inceguridad'], haber: ['aver'], vez: ['ves'], llegar: ['yegar'], llega: ['yega'], llego: ['yego'],
  llevamos: ['yevamos', 'llebamos'], calle: ['caye'], calles: ['cayes'], medicinas: ['medisinas', 'medizinas'],
  necesitamos: ['nesesitamos', 'nececitamos'], necesita: ['nesesita'], gobierno: ['gobieno', 'govierno'], basura: ['vasura'],
  hasta: ['asta'], hijos: ['ijos'], hijo: ['ijo'], ahora: ['aora'], habia: ['abia', 'avia'], policia: ['polisia', 'pulicia'],
  delincuencia: ['delinquencia'], empleo: ['enpleo'], huevo: ['guevo'], queremos: ['keremos'], quiero: ['kiero'], vaya: ['valla'],
  haya: ['halla'], hoy: ['oy'], hace: ['ase'], nunca: ['nunka'], cuidado: ['cuidao'], pasado: ['pasao'], todavia: ['toavia'],
  ciudad: ['ciudá'], verdad: ['verdá'], usted: ['usté'], vamos: ['bamos'], voy: ['boi', 'voi'], van: ['ban'], agua: ['agua', 'awa'],
  ya: ['ya', 'ia'], llevo: ['yevo'], lleva: ['yeva'], salud: ['salú'], precios: ['presios'], gasolina: ['gasolina', 'gas'],
  colonia: ['colonía', 'colonia'], favor: ['fabor'], ayuda: ['ayuda', 'ayudaa'], vecinos: ['besinos', 'vecinos'],
};

const TOKEN_SPLIT = /(\s+|[,.;:!?¿¡()"…]+)/;

function mapWords(text: string, rng: Rng, p: number, table: Record<string, readonly string[]>, unaccentKeys: boolean): string {
  const tokens = text.split(TOKEN_SPLIT);
  for (let i = 0; i < tokens.length; i += 2) {
    const tok = tokens[i] as string;
    if (!tok) continue;
    const lower = tok.toLowerCase();
    if (lower !== tok && tok !== tok[0] + tok.slice(1).toLowerCase()) continue; // leave ALL-CAPS words (IMSS, URGENTE)
    const key = unaccentKeys ? stripAccents(lower) : lower;
    const options = table[key];
    if (options && rng.next() < p) tokens[i] = rng.pick(options);
  }
  return tokens.join('');
}

function phraseAbbrev(text: string, rng: Rng, p: number, table = PHRASE_ABBREV): string {
  let out = text;
  for (const [re, options] of table) {
    out = out.replace(re, (m) => (rng.next() < p ? rng.pick(options) : m));
  }
  return out;
}

/** The four writing levels of one phrase. `rng` is a load-time generator (not the sample's). */
export function makeVariants(text: string, rng: Rng): Variants {
  const v0 = text;
  const unmarked = dropMarks(text);
  const v1 = rng.next() < 0.65 ? stripAccents(unmarked) : unmarked;
  const v2 = stripAccents(mapWords(mapWords(phraseAbbrev(phraseAbbrev(unmarked, rng, 0.35, PHRASE_SLANG), rng, 0.6), rng, 0.5, ABBREV, false), rng, 0.35, SLANG, false));
  const v3base = mapWords(mapWords(phraseAbbrev(phraseAbbrev(unmarked, rng, 0.5, PHRASE_SLANG), rng, 0.8), rng, 0.7, ABBREV, false), rng, 0.5, SLANG, false);
  const v3 = mapWords(stripAccents(v3base), rng, 0.65, MISSPELL, true);
  return [v0, v1, v2, v3];
}

/** Expand {slot} placeholders (SLOTS) into every combination, capped per template. */
export function expandSlots(template: string, cap = 48): string[] {
  const match = /\{(place|n|fam|kid|price|when)\}/.exec(template);
  if (!match) return [template];
  const values = SLOTS[match[1] as string] as readonly string[];
  const out: string[] = [];
  for (const v of values) {
    for (const rest of expandSlots(template.slice(0, match.index) + v + template.slice(match.index + match[0].length), cap)) {
      out.push(rest);
      if (out.length >= cap) return out;
    }
  }
  return out;
}

function variantsOf(templates: readonly string[], rng: Rng, cap?: number): Variants[] {
  const out: Variants[] = [];
  for (const t of templates) for (const e of expandSlots(t, cap)) out.push(makeVariants(e, rng));
  return out;
}

export interface IssuePhrases {
  explicit: Variants[];
  implicit: Variants[];
  questions: Variants[];
  requests: Variants[];
  emojis: readonly string[];
  replyTopic: string;
}

export interface AgePhrase {
  variants: Variants;
  min: number;
  max: number;
  at: 'start' | 'end' | 'any';
  gender?: 'f' | 'm';
  birthYear: boolean;
}

export interface ChainCopies {
  /** Distinct copies of the chain text as different people forwarded it. */
  copies: string[];
}

export class Phrasebook {
  readonly issues: IssuePhrases[];
  readonly pension: Variants[];
  readonly genericRequests: Variants[];
  readonly closers: Variants[];
  readonly connectors: Variants[];
  readonly greetingsByPart: [Variants[], Variants[], Variants[], Variants[]];
  readonly support: Variants[];
  readonly supportPlace: Variants[];
  readonly questions: Variants[];
  readonly spam: Variants[];
  readonly optouts: Variants[];
  readonly optoutRepeats: Variants[];
  readonly optins: Variants[];
  readonly ages: AgePhrase[];
  readonly stateFramesStart: Variants[];
  readonly stateFramesEnd: Variants[];
  /** Per state index: its mentions at the four levels. */
  readonly stateMentions: Variants[][];
  readonly chains: ChainCopies[];

  constructor() {
    const rng = new Rng(20260914, 'phrasebook');
    this.issues = ISSUES.map((key) => {
      const v = ISSUE_VOCABULARY[key];
      const questions: string[] = [];
      for (const f of QUESTION_FRAMES) for (const t of v.topics) questions.push(f.replace('{t}', t));
      return {
        explicit: variantsOf(v.explicit, rng),
        implicit: variantsOf(v.implicit, rng),
        questions: variantsOf(questions, rng),
        requests: variantsOf(v.requests, rng),
        emojis: v.emojis,
        replyTopic: v.replyTopic,
      };
    });
    this.pension = variantsOf(PENSION_PHRASES, rng);
    this.genericRequests = variantsOf(GENERIC_REQUESTS, rng);
    this.closers = variantsOf(CLOSERS, rng);
    this.connectors = variantsOf(CONNECTORS, rng);
    this.greetingsByPart = [
      variantsOf(GREETINGS.morning, rng), variantsOf(GREETINGS.afternoon, rng),
      variantsOf(GREETINGS.night, rng), variantsOf(GREETINGS.any, rng),
    ];
    this.support = variantsOf(SUPPORT, rng);
    this.supportPlace = variantsOf(SUPPORT_WITH_PLACE, rng);
    this.questions = variantsOf(QUESTIONS, rng);
    this.spam = variantsOf(SPAM, rng);
    this.optouts = variantsOf(OPTOUTS, rng);
    this.optoutRepeats = variantsOf(OPTOUT_REPEATS, rng);
    this.optins = variantsOf(OPTINS, rng);
    this.ages = AGE_PHRASES.map((a) => ({
      variants: makeVariants(a.text, rng), min: a.min, max: a.max, at: a.at, gender: a.gender, birthYear: a.text.includes('¤'),
    }));
    this.stateFramesStart = STATE_FRAMES.filter((f) => f.at === 'start').map((f) => makeVariants(f.text, rng));
    this.stateFramesEnd = STATE_FRAMES.filter((f) => f.at === 'end').map((f) => makeVariants(f.text, rng));
    this.stateMentions = STATES.map((s) => s.mentions.map((m) => {
      const plain = stripAccents(m);
      return [m, rng.next() < 0.5 ? plain : m, plain.toLowerCase(), plain.toLowerCase()] as const;
    }));
    this.chains = CHAINS.map((c, i) => ({ copies: chainCopies(c.text, c.swaps, new Rng(7000 + i, 'chain')) }));
    this.checkNoQuotes();
  }

  /** The generator writes bodies as "..." without escaping: no phrase may hold a double quote. */
  private checkNoQuotes(): void {
    const bad = (text: string): void => {
      if (text.includes('"')) throw new Error(`phrase contains a double quote: ${text}`);
    };
    for (const value of Object.values(this)) {
      const visit = (v: unknown): void => {
        if (typeof v === 'string') bad(v);
        else if (Array.isArray(v)) v.forEach(visit);
        else if (v && typeof v === 'object') Object.values(v).forEach(visit);
      };
      visit(value);
    }
  }
}

let shared: Phrasebook | undefined;

/** The phrasebook is the same for every seed: build it once per process. */
export function phrasebook(): Phrasebook {
  shared ??= new Phrasebook();
  return shared;
}

/** ~60 distinct near-copies of a forwarded text: prefixes, whitespace, emoji, swapped words. */
function chainCopies(text: string, swaps: ReadonlyArray<readonly [string, string]>, rng: Rng): string[] {
  const seen = new Set<string>();
  const copies: string[] = [];
  copies.push(text);
  seen.add(text);
  for (let attempt = 0; attempt < 400 && copies.length < 60; attempt++) {
    let t = text;
    for (const [from, to] of swaps) if (rng.next() < 0.3) t = t.replace(from, to);
    const r = rng.next();
    if (r < 0.15) t = t.replace(/\n/g, ' ');
    else if (r < 0.3) t = t.replace(/\n/, '\n\n');
    else if (r < 0.4) t = t.replace(/\. /, '.  ');
    if (rng.next() < 0.2) t = `${t} `;
    if (rng.next() < 0.1) t = ` ${t}`;
    if (rng.next() < 0.15) t = stripAccents(t);
    t = rng.pick(CHAIN_PREFIXES) + t + rng.pick(CHAIN_SUFFIXES);
    if (!seen.has(t)) {
      seen.add(t);
      copies.push(t);
    }
  }
  return copies;
}

/** Repeat the last vowel of the text 2-4 times ("porfavor" -> "porfavooor"). */
export function stretchEnd(text: string, rng: Rng): string {
  for (let i = text.length - 1; i >= Math.max(0, text.length - 4); i--) {
    const c = text[i] as string;
    if ('aeiouAEIOU'.includes(c)) {
      return text.slice(0, i + 1) + c.repeat(1 + rng.int(3)) + text.slice(i + 1);
    }
  }
  return text;
}

export function capitalize(text: string): string {
  if (!text) return text;
  const first = text.charCodeAt(0);
  if (first === 0xbf || first === 0xa1) return text[0] + capitalize(text.slice(1)); // ¿ ¡
  return text[0]!.toUpperCase() + text.slice(1);
}

export const REPLY_TEMPLATES = REPLIES;
