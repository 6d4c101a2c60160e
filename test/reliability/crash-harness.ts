/**
 * Kills `buzon import` (SIGKILL, at seeded random moments) the way a power cut or the OOM killer
 * would, then checks the warehouse the next process finds: no partial batch, no message twice, and a
 * re-run that completes the import exactly once. Used by test/reliability/crash-safety.test.ts (a
 * few kills) and `npm run fuzz` (many).
 */
import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Warehouse } from '../../src/db/warehouse.ts';
import { checkWarehouse, seededRandom } from './reliability-data.ts';

export const BIN = new URL('../../bin/buzon.js', import.meta.url).pathname;

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

const CLI_ENV = { NO_COLOR: '1', BUZON_DB: '', BUZON_KEY_FILE: '' };

/** Runs the CLI as a user does and waits for it. */
export function buzonSync(args: string[], env: Record<string, string> = {}): CliResult {
  const started = performance.now();
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8', env: { ...process.env, ...CLI_ENV, ...env }, timeout: 300_000,
  });
  return { code: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr, ms: performance.now() - started };
}

export interface KillOptions {
  env?: Record<string, string>;
  /** SIGKILL this long after the start, unless it finished first. */
  killAfterMs?: number;
  /** Or this long after stderr first matches (e.g. the import summary, printed before the final checkpoint). */
  killAfterStderr?: { match: RegExp; ms: number };
}

/** Starts the CLI, killing it as asked. */
export function buzonAsync(args: string[], options: KillOptions = {}): Promise<CliResult> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...CLI_ENV, ...options.env } });
  let stdout = '';
  let stderr = '';
  let timer: NodeJS.Timeout | undefined;
  const kill = (ms: number) => { timer ??= setTimeout(() => child.kill('SIGKILL'), ms); };
  child.stdout.on('data', (chunk) => { stdout += chunk; });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    if (options.killAfterStderr && options.killAfterStderr.match.test(stderr)) kill(options.killAfterStderr.ms);
  });
  if (options.killAfterMs !== undefined) kill(options.killAfterMs);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - started });
    });
  });
}

export interface CrashOptions {
  dir: string;
  /** Message files imported by one `buzon import` command (one batch each). */
  files: string[];
  kills: number;
  seed: number;
  log?: (line: string) => void;
}

export interface CrashReport {
  kills: number;
  /** Imports started: kills that landed plus attempts that finished before their kill. */
  attempts: number;
  /** Kills that landed while the import was still running. */
  killedMidway: number;
  /** Batches found committed after each kill. */
  batchesAfterKills: number[];
  problems: string[];
  expectedMessages: number;
  finalMessages: number;
}

/**
 * Times one clean import into a scratch warehouse, then imports into the real one, killing each
 * attempt at a random moment within that time, checking the warehouse after every kill; finally
 * runs the import to completion. An attempt that finishes before its kill (the machine got faster)
 * is checked too and makes later kills come sooner; once every file is in, the warehouse starts
 * over. Attempts go on until `kills` kills have landed mid-import (at most 4 x `kills`).
 */
export async function crashImport(options: CrashOptions): Promise<CrashReport> {
  const { dir, files, kills, log = () => {} } = options;
  const random = seededRandom(options.seed);
  const reference = join(dir, 'reference.duckdb');
  const clean = buzonSync(['--db', reference, 'import', ...files]);
  if (clean.code !== 0) throw new Error(`clean import failed: ${clean.stderr}`);
  const expectedMessages = await countMessages(reference);

  const db = join(dir, 'crash.duckdb');
  const startOver = () => {
    for (const path of [db, `${db}.wal`, `${db}.key`, `${db}.tmp`]) rmSync(path, { recursive: true, force: true });
    const init = buzonSync(['--db', db, 'init']);
    if (init.code !== 0) throw new Error(`buzon init failed: ${init.stderr}`);
  };
  startOver();
  const report: CrashReport = { kills, attempts: 0, killedMidway: 0, batchesAfterKills: [], problems: [], expectedMessages, finalMessages: 0 };
  let scale = 1;
  while (report.killedMidway < kills && report.attempts < 4 * kills) {
    const attempt = ++report.attempts;
    // Every third kill lands after the import summary: while the committed batches are checkpointed.
    const late = report.killedMidway % 3 === 2;
    const killAfterMs = Math.round(late ? 200 * random() : scale * clean.ms * (0.1 + 0.9 * random()));
    const run = await buzonAsync(['--db', db, 'import', ...files],
      late ? { killAfterStderr: { match: /rows read/, ms: killAfterMs } } : { killAfterMs });
    const killed = run.signal === 'SIGKILL';
    if (!killed && run.code !== 0) report.problems.push(`attempt ${attempt}: import failed without being killed: ${firstLine(run.stderr)}`);
    const state = await inspect(db);
    for (const problem of state.problems) report.problems.push(`attempt ${attempt} (${late ? 'late' : 'timed'}, ${killAfterMs} ms): ${problem}`);
    const when = late ? `${killAfterMs} ms after the summary` : `at ${killAfterMs} ms`;
    log(`attempt ${attempt}, kill ${when}: ${killed ? 'killed' : 'finished first'}; ${state.batches} batches, ${state.messages} messages${state.problems.length ? `; ${state.problems.join('; ')}` : ''}`);
    if (killed) {
      report.killedMidway++;
      report.batchesAfterKills.push(state.batches);
    } else if (!late) {
      scale *= 0.8;
    }
    // A complete warehouse would make the next attempt skip every file: start over.
    if (state.batches === files.length) startOver();
  }
  const finish = buzonSync(['--db', db, 'import', ...files]);
  if (finish.code !== 0) report.problems.push(`the re-run after the kills failed: ${firstLine(finish.stderr)}`);
  const final = await inspect(db);
  report.finalMessages = final.messages;
  report.problems.push(...final.problems.map((p) => `after the re-run: ${p}`));
  if (final.messages !== expectedMessages) {
    report.problems.push(`after the re-run: ${final.messages} messages, a clean import gives ${expectedMessages}`);
  }
  if (final.batches !== files.length) report.problems.push(`after the re-run: ${final.batches} batches for ${files.length} files`);
  return report;
}

/** What the next process finds: opened read-only, as `buzon query` would. */
async function inspect(db: string) {
  const warehouse = await Warehouse.open(db, { readOnly: true, lockWaitMs: 10_000 });
  try {
    return await checkWarehouse(warehouse);
  } finally {
    warehouse.close();
  }
}

async function countMessages(db: string): Promise<number> {
  const warehouse = await Warehouse.open(db, { readOnly: true });
  try {
    return await warehouse.scalar<number>('SELECT count(*) FROM messages');
  } finally {
    warehouse.close();
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
