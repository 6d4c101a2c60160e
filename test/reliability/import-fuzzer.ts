/**
 * Mutation fuzzing of the import: valid canonical CSVs and contact sheets, damaged the ways files
 * get damaged (bytes flipped, cut short, stray quotes, delimiters, newlines, NULs, lines doubled,
 * saved in another encoding), imported one by one into one warehouse. Each import must account for
 * every row it read or refuse the file with one InputError line; the warehouse must stay consistent
 * and keep answering. Shared by test/reliability/import-fuzz.test.ts and `npm run fuzz`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BuzonError, InputError, errorMessage } from '../../src/core/errors.ts';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { openContext, type BuzonContext } from '../../src/db/context.ts';
import { importContactsFile } from '../../src/import/contacts-importer.ts';
import { importMessageFile } from '../../src/import/import-runner.ts';
import { canonicalCsv, checkWarehouse, contactsCsv, seededRandom } from './reliability-data.ts';

type Random = () => number;
type Mutation = (bytes: Buffer, random: Random) => Buffer;

const int = (random: Random, n: number) => Math.floor(random() * n);

function insertAt(bytes: Buffer, random: Random, insert: Buffer | string, times = 1 + int(random, 3)): Buffer {
  let out = bytes;
  for (let i = 0; i < times; i++) {
    const at = int(random, out.length + 1);
    out = Buffer.concat([out.subarray(0, at), Buffer.from(insert), out.subarray(at)]);
  }
  return out;
}

function lines(bytes: Buffer): string[] {
  return bytes.toString('latin1').split('\n');
}

function fromLines(parts: string[]): Buffer {
  return Buffer.from(parts.join('\n'), 'latin1');
}

/** Re-encodes valid UTF-8 text the ways other tools save it. */
function reencode(bytes: Buffer, random: Random): Buffer {
  const text = bytes.toString('utf8');
  switch (int(random, 5)) {
    case 0: return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 1: {
      const be = Buffer.from(text, 'utf16le');
      be.swap16();
      return Buffer.concat([Buffer.from([0xfe, 0xff]), be]);
    }
    case 2: return Buffer.from(text.replace(/[^\u0000-\u00ff]/g, '?'), 'latin1');
    case 3: return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    default: return Buffer.from(text.replace(/\n/g, '\r\n'), 'utf8');
  }
}

export const MUTATIONS: Record<string, Mutation> = {
  'byte flip': (bytes, random) => {
    const out = Buffer.from(bytes);
    for (let i = 0, n = 1 + int(random, 8); i < n && out.length; i++) out[int(random, out.length)] = int(random, 256);
    return out;
  },
  truncate: (bytes, random) => bytes.subarray(0, int(random, bytes.length + 1)),
  'stray quote': (bytes, random) => insertAt(bytes, random, '"'),
  'stray delimiter': (bytes, random) => insertAt(bytes, random, random() < 0.5 ? ',' : ';'),
  'stray newline': (bytes, random) => insertAt(bytes, random, ['\n', '\r', '\r\n', '\n\n'][int(random, 4)]!),
  'NUL bytes': (bytes, random) => insertAt(bytes, random, '\0', 1 + int(random, 5)),
  'invalid UTF-8': (bytes, random) => insertAt(bytes, random, Buffer.from([[0xff], [0xc3], [0xe2, 0x82], [0x93], [0xf1]][int(random, 5)]!)),
  'duplicated lines': (bytes, random) => {
    const parts = lines(bytes);
    for (let i = 0, n = 1 + int(random, 4); i < n; i++) {
      const at = 1 + int(random, Math.max(1, parts.length - 1));
      parts.splice(at, 0, parts[at] ?? '');
    }
    return fromLines(parts);
  },
  'deleted lines': (bytes, random) => {
    const parts = lines(bytes);
    for (let i = 0, n = 1 + int(random, 3); i < n && parts.length > 1; i++) parts.splice(int(random, parts.length), 1);
    return fromLines(parts);
  },
  'ragged row': (bytes, random) => {
    const parts = lines(bytes);
    const at = 1 + int(random, Math.max(1, parts.length - 1));
    parts[at] = random() < 0.5 ? (parts[at] ?? '').split(',').slice(0, 2).join(',') : `${parts[at] ?? ''},extra,"más"`;
    return fromLines(parts);
  },
  'mixed line endings': (bytes, random) => Buffer.from(bytes.toString('latin1').replace(/\n/g, () => ['\n', '\r\n', '\r'][int(random, 3)]!), 'latin1'),
  'long field': (bytes, random) => insertAt(bytes, random, 'x'.repeat(50_000 + int(random, 200_000)), 1),
  'header damage': (bytes, random) => {
    const parts = lines(bytes);
    const header = (parts[0] ?? '').split(',');
    const at = int(random, header.length);
    if (random() < 0.5) header.splice(at, 1);
    else header[at] = `${header[at]}_x`;
    parts[0] = header.join(',');
    return fromLines(parts);
  },
  'empty or header only': (bytes, random) => (random() < 0.3 ? Buffer.alloc(0) : fromLines([lines(bytes)[0] ?? '', ''])),
  'bad phone': (bytes, random) => Buffer.from(bytes.toString('latin1').replace(/\+52/g, () => (random() < 0.2 ? 'tel-ABC' : '+52')), 'latin1'),
  'odd dates': (bytes, random) => Buffer.from(bytes.toString('latin1').replace(/2026-09-/g, () => ['1999-09-', '2031-09-', '2026-13-', '2026-09-'][int(random, 4)]!), 'latin1'),
  'encoding swap': (bytes, random) => reencode(bytes, random),
};

export interface FuzzCase {
  id: number;
  kind: 'messages' | 'contacts';
  mutations: string[];
  bytes: Buffer;
}

/** The cases for a seed: the same bytes every run. */
export function makeCases(count: number, seed: number): FuzzCase[] {
  const random = seededRandom(seed);
  const names = Object.keys(MUTATIONS);
  const cases: FuzzCase[] = [];
  for (let id = 0; id < count; id++) {
    const kind = random() < 0.7 ? 'messages' : 'contacts';
    const base = Buffer.from(kind === 'messages'
      ? canonicalCsv({ rows: 20 + int(random, 60), seed: seed * 1000 + id, idPrefix: `f${id}-` })
      : contactsCsv({ rows: 10 + int(random, 40), seed: seed * 1000 + id }), 'utf8');
    const mutations: string[] = [];
    let bytes: Buffer = base;
    for (let i = 0, n = 1 + int(random, 3); i < n; i++) {
      const name = names[int(random, names.length)]!;
      mutations.push(name);
      bytes = MUTATIONS[name]!(bytes, random);
    }
    cases.push({ id, kind, mutations, bytes });
  }
  return cases;
}

export type Outcome = 'imported' | 'already imported' | 'refused' | 'crashed';

export interface CaseResult {
  id: number;
  kind: FuzzCase['kind'];
  mutations: string[];
  outcome: Outcome;
  rowsRead: number;
  /** Rows read but neither message, system row, duplicate nor reject (must be 0). */
  lost: number;
  /** The refusal or crash, as a user would see it. */
  message?: string;
  problems: string[];
}

/** Imports one case and checks it; never throws for what the import does. */
export async function runCase(context: BuzonContext, dir: string, fuzzCase: FuzzCase): Promise<CaseResult> {
  const file = join(dir, `case-${fuzzCase.id}-${fuzzCase.kind}.csv`);
  writeFileSync(file, fuzzCase.bytes);
  const result: CaseResult = { id: fuzzCase.id, kind: fuzzCase.kind, mutations: fuzzCase.mutations, outcome: 'imported', rowsRead: 0, lost: 0, problems: [] };
  const batchesBefore = await context.warehouse.scalar<number>('SELECT count(*) FROM import_batches');
  try {
    const summary = fuzzCase.kind === 'messages' ? await importMessageFile(context, file) : await importContactsFile(context, file);
    if (summary.alreadyImported) result.outcome = 'already imported';
    result.rowsRead = summary.rowsRead;
    result.lost = Math.abs(summary.rowsRead - (summary.messages + summary.systemRows + summary.duplicates + summary.rejects));
  } catch (error) {
    const message = errorMessage(error);
    result.message = message;
    // A refusal is an InputError naming the file, in one line; anything else is a crash.
    if (error instanceof InputError && message.includes(`case-${fuzzCase.id}-`) && !message.includes('\n')) result.outcome = 'refused';
    else result.outcome = 'crashed';
    if (!(error instanceof BuzonError)) result.message = `${(error as Error).name}: ${message}`;
    const batchesAfter = await context.warehouse.scalar<number>('SELECT count(*) FROM import_batches');
    if (batchesAfter !== batchesBefore) result.problems.push('a refused file left a batch behind');
  }
  const state = await checkWarehouse(context.warehouse);
  result.problems.push(...state.problems);
  return result;
}

export interface FuzzReport {
  cases: number;
  byOutcome: Record<Outcome, number>;
  rowsLost: number;
  crashes: CaseResult[];
  failures: CaseResult[];
  reopened: number;
}

/**
 * Runs `count` cases against one warehouse file, closing and reopening it every `reopenEvery` cases
 * (it must open and answer every time).
 */
export async function runFuzz(options: {
  count: number; seed: number; dir: string; reopenEvery?: number; threads?: number; onCase?: (r: CaseResult) => void;
}): Promise<FuzzReport> {
  const { dir, reopenEvery = 50 } = options;
  const db = join(dir, 'fuzz.duckdb');
  const open = async () => {
    const context = await openContext({ db, logger: createMemoryLogger() });
    // Small files: one thread is as fast and much faster on a busy machine.
    if (options.threads) await context.warehouse.run(`SET threads = ${Math.floor(options.threads)}`);
    return context;
  };
  let context = await open();
  const report: FuzzReport = {
    cases: 0, byOutcome: { imported: 0, 'already imported': 0, refused: 0, crashed: 0 }, rowsLost: 0, crashes: [], failures: [], reopened: 0,
  };
  try {
    for (const fuzzCase of makeCases(options.count, options.seed)) {
      const result = await runCase(context, dir, fuzzCase);
      report.cases++;
      report.byOutcome[result.outcome]++;
      report.rowsLost += result.lost;
      if (result.outcome === 'crashed') report.crashes.push(result);
      if (result.lost || result.problems.length) report.failures.push(result);
      options.onCase?.(result);
      if (report.cases % reopenEvery === 0) {
        context.warehouse.close();
        context = await open();
        await context.warehouse.scalar('SELECT count(*) FROM messages');
        report.reopened++;
      }
    }
  } finally {
    context.warehouse.close();
  }
  return report;
}
