/**
 * The issue taxonomy (data/taxonomy.json): issue keys with names and descriptions, the terms the rule
 * layer matches, the abbreviation/misspelling map and the negation cues. Analysts edit the file; this
 * module reads and checks it, and says exactly where a mistake is.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../core/errors.ts';

export const DEFAULT_TAXONOMY_FILE = new URL('../../data/taxonomy.json', import.meta.url).pathname;
export const NO_ISSUE = 'sin_tema';
export const NEGATION = '__negation__';
/** Self-descriptions ("soy mamá soltera", "soy estudiante"): who writes, not what they ask about. */
export const SELF_DESCRIPTION = '__self__';

export interface IssueDefinition {
  key: string;
  nameEs: string;
  nameEn: string;
  description: string;
  terms: string[];
  weakTerms: string[];
}

export interface RuleSettings {
  strongWeight: number;
  weakWeight: number;
  threshold: number;
  minStemLength: number;
}

export interface Taxonomy {
  file: string;
  version: string;
  issues: IssueDefinition[];
  normalisation: Record<string, string>;
  negationCues: string[];
  selfDescriptions: string[];
  rules: RuleSettings;
}

/** One rule term as the SQL sees it: `text` is space-separated elements, `word` or `stem*`. */
export interface TermRow {
  term_id: number;
  issue: string;
  weight: number;
  text: string;
}

const DEFAULT_RULES: RuleSettings = { strongWeight: 0.8, weakWeight: 0.35, threshold: 0.5, minStemLength: 3 };
const KEY_PATTERN = /^[a-z][a-z0-9_]*$/;

export function loadTaxonomy(file = DEFAULT_TAXONOMY_FILE): Taxonomy {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${file}: cannot read the taxonomy (${(error as Error).message.split('\n')[0]})`);
  }
  return parseTaxonomy(raw, file);
}

export function parseTaxonomy(raw: unknown, file = 'taxonomy'): Taxonomy {
  const fail = (where: string, problem: string): never => {
    throw new ConfigError(`${file}: ${where}: ${problem}`);
  };
  if (!isObject(raw)) return fail('top level', 'expected a JSON object');
  const version = raw.version;
  if (typeof version !== 'string' && typeof version !== 'number') return fail('version', 'missing (a string such as "2026.09.1")');
  const rules = parseRules(raw.rules, fail);
  const normalisation = parseMap(raw.normalisation, fail);
  const negationCues = stringList(raw.negation_cues ?? [], 'negation_cues', fail);
  const selfDescriptions = stringList(raw.self_descriptions ?? [], 'self_descriptions', fail);
  if (!Array.isArray(raw.issues) || raw.issues.length === 0) return fail('issues', 'expected a non-empty list');
  const seen = new Set<string>();
  const issues = raw.issues.map((entry, index): IssueDefinition => {
    const where = `issues[${index}]`;
    if (!isObject(entry)) return fail(where, 'expected an object');
    const key = entry.key;
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) return fail(where, 'key must be lower-case letters, digits and _ (e.g. "medio_ambiente")');
    if (key === NO_ISSUE) return fail(where, `"${NO_ISSUE}" is reserved for messages with no issue`);
    if (seen.has(key)) return fail(where, `duplicate key "${key}"`);
    seen.add(key);
    const text = (field: string) => {
      const value = entry[field];
      if (typeof value !== 'string' || !value.trim()) return fail(`issue "${key}"`, `${field} is missing`);
      return value;
    };
    const terms = stringList(entry.terms ?? [], `issue "${key}" terms`, fail);
    const weakTerms = stringList(entry.weak_terms ?? [], `issue "${key}" weak_terms`, fail);
    for (const term of [...terms, ...weakTerms]) checkTerm(term, rules.minStemLength, `issue "${key}" term "${term}"`, fail);
    return { key, nameEs: text('name_es'), nameEn: text('name_en'), description: text('description'), terms, weakTerms };
  });
  for (const cue of negationCues) checkTerm(cue, rules.minStemLength, `negation cue "${cue}"`, fail);
  for (const phrase of selfDescriptions) {
    checkTerm(phrase, rules.minStemLength, `self description "${phrase}"`, fail);
    if (!/\s/.test(phrase.trim())) fail(`self description "${phrase}"`, 'must be a phrase of two or more words ("soy estudiante"): it only hides the terms inside it');
  }
  return { file, version: String(version), issues, normalisation, negationCues, selfDescriptions, rules };
}

/** Every term, negation cue and self-description, numbered, with its weight. */
export function termRows(taxonomy: Taxonomy): TermRow[] {
  const rows: TermRow[] = [];
  const add = (issue: string, weight: number, text: string) => rows.push({ term_id: rows.length + 1, issue, weight, text: text.trim().toLowerCase() });
  for (const issue of taxonomy.issues) {
    for (const term of issue.terms) add(issue.key, taxonomy.rules.strongWeight, term);
    for (const term of issue.weakTerms) add(issue.key, taxonomy.rules.weakWeight, term);
  }
  for (const cue of taxonomy.negationCues) add(NEGATION, 1, cue);
  for (const phrase of taxonomy.selfDescriptions) add(SELF_DESCRIPTION, 1, phrase);
  return rows;
}

export function issueKeys(taxonomy: Taxonomy): string[] {
  return taxonomy.issues.map((issue) => issue.key);
}

function checkTerm(term: string, minStem: number, where: string, fail: (w: string, p: string) => never): void {
  const elements = term.trim().split(/\s+/);
  if (!term.trim()) fail(where, 'empty term');
  for (const element of elements) {
    const bare = element.replace(/\*$/, '');
    if (bare.includes('*')) fail(where, "'*' may only end an element (a stem: 'corrup*')");
    if (/[^\p{L}\p{N}]/u.test(bare)) fail(where, `'${element}' has characters other than letters and digits`);
    if (element.endsWith('*') && bare.length < minStem) fail(where, `stem '${element}' is shorter than ${minStem} letters`);
  }
}

function parseRules(raw: unknown, fail: (w: string, p: string) => never): RuleSettings {
  if (raw === undefined) return DEFAULT_RULES;
  if (!isObject(raw)) return fail('rules', 'expected an object');
  const number = (field: string, fallback: number, lo: number, hi: number) => {
    const value = raw[field] ?? fallback;
    if (typeof value !== 'number' || !(value >= lo && value <= hi)) return fail(`rules.${field}`, `expected a number from ${lo} to ${hi}`);
    return value;
  };
  return {
    strongWeight: number('strong_weight', DEFAULT_RULES.strongWeight, 0, 0.99),
    weakWeight: number('weak_weight', DEFAULT_RULES.weakWeight, 0, 0.99),
    threshold: number('threshold', DEFAULT_RULES.threshold, 0.01, 1),
    minStemLength: number('min_stem_length', DEFAULT_RULES.minStemLength, 1, 20),
  };
}

function parseMap(raw: unknown, fail: (w: string, p: string) => never): Record<string, string> {
  if (raw === undefined) return {};
  if (!isObject(raw)) return fail('normalisation', 'expected an object of "written": "meant" pairs');
  const map: Record<string, string> = {};
  for (const [from, to] of Object.entries(raw)) {
    if (typeof to !== 'string' || /[^\p{L}\p{N}]/u.test(to) || !to) return fail(`normalisation "${from}"`, 'must map to one word (letters and digits only)');
    if (/[^\p{L}\p{N}]/u.test(from) || !from) return fail(`normalisation "${from}"`, 'must be one word (letters and digits only)');
    map[from] = to;
  }
  return map;
}

function stringList(raw: unknown, where: string, fail: (w: string, p: string) => never): string[] {
  if (!Array.isArray(raw) || raw.some((item) => typeof item !== 'string')) return fail(where, 'expected a list of strings');
  return raw as string[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
