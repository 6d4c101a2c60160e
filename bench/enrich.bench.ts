// `node --import tsx bench/enrich.bench.ts [--messages N] [--large] [--runs N] [--batch N]`: `buzon enrich` on a
// warehouse of N generated messages (1M; 10M with --large), imported once and cached under bench/cache.
// Times a full enrichment (issue classifier included) and the rest alone (--no-classify), median of --runs,
// with the per-step times of the median run; then the incremental case: a --batch-message batch (10k) imported
// into a copy of the enriched warehouse and enriched (new batches only), median of --runs fresh copies.
// Prints one JSON line on stdout; progress on stderr.
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createMemoryLogger } from '../src/core/logger.ts';
import { openContext } from '../src/db/context.ts';
import { enrichWarehouse, type EnrichSummary } from '../src/enrich/enrich-runner.ts';
import { generateSample } from '../src/generate/sample-generator.ts';
import { importContactsFile } from '../src/import/contacts-importer.ts';
import { importMessageFiles } from '../src/import/import-runner.ts';
import { CACHE_DIR, cachedSample, machine, peakRssMb, stat } from './bench-utils.ts';

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const messages = Number(option('--messages') ?? (args.includes('--large') ? 10_000_000 : 1_000_000));
const runs = Number(option('--runs') ?? 3);
const batchSize = Number(option('--batch') ?? 10_000);
const log = (m: string) => process.stderr.write(`${m}\n`);

/** An imported (not enriched) warehouse of `messages`, cached. */
async function importedWarehouse(): Promise<string> {
  const db = join(CACHE_DIR, `enrich-${messages}.duckdb`);
  if (existsSync(db) && existsSync(`${db}.key`)) return db;
  const sample = await cachedSample(messages);
  for (const f of [db, `${db}.wal`, `${db}.key`]) rmSync(f, { force: true });
  const context = await openContext({ db, logger: createMemoryLogger() });
  log(`importing ${messages.toLocaleString('en-US')} messages into ${db}`);
  await importMessageFiles(context, [sample.messagesFile]);
  await importContactsFile(context, sample.contactsFile);
  await context.warehouse.checkpoint();
  context.warehouse.close();
  return db;
}

function copyOf(base: string, name: string): string {
  const db = join(CACHE_DIR, name);
  for (const f of [db, `${db}.wal`, `${db}.key`]) rmSync(f, { force: true });
  copyFileSync(base, db);
  copyFileSync(`${base}.key`, `${db}.key`);
  return db;
}

function removeCopy(db: string): void {
  for (const f of [db, `${db}.wal`, `${db}.key`]) rmSync(f, { force: true });
}

/** CPU time (all DuckDB threads run in this process) beside wall time: on a shared machine wall time measures the neighbours too. */
async function timed(work: () => Promise<EnrichSummary>): Promise<{ summary: EnrichSummary; cpu: number }> {
  const cpu0 = process.cpuUsage();
  const summary = await work();
  const used = process.cpuUsage(cpu0);
  return { summary, cpu: (used.user + used.system) / 1e6 };
}

function report(summaries: EnrichSummary[], cpu: number[], count: number) {
  const seconds = stat(summaries.map((s) => s.ms / 1000));
  const median = [...summaries].sort((a, b) => a.ms - b.ms)[Math.floor(summaries.length / 2)]!;
  return {
    seconds,
    cpuSeconds: stat(cpu),
    messagesPerSecond: Math.round(count / seconds.median),
    /** Messages per second if the CPU time were spread over every core with nothing else running. */
    idleEstimateMessagesPerSecond: Math.round((count / stat(cpu).median) * cpus().length),
    loadAverage: loadavg()[0],
    issueSource: median.issueSource,
    mode: median.mode,
    stepsMs: Object.fromEntries(median.steps.map((s) => [s.step, s.ms])),
  };
}

async function measureFull(db: string, classify: boolean) {
  const summaries: EnrichSummary[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const context = await openContext({ db, logger: createMemoryLogger() });
    try {
      const run = await timed(() => enrichWarehouse(context, { classify, full: true }));
      summaries.push(run.summary);
      cpu.push(run.cpu);
      log(`enrich --full${classify ? '' : ' --no-classify'} run ${i + 1}: ${(run.summary.ms / 1000).toFixed(2)} s wall, ${run.cpu.toFixed(1)} s CPU, ${Math.round(messages / (run.summary.ms / 1000)).toLocaleString('en-US')} messages/s, load ${loadavg()[0]!.toFixed(1)}`);
      if (classify) await context.warehouse.checkpoint();
    } finally {
      context.warehouse.close();
    }
  }
  return report(summaries, cpu, messages);
}

/** A batch imported into a copy of the enriched warehouse, then `buzon enrich` (new batches only) and its checkpoint. */
async function measureIncremental(enriched: string) {
  const batch = await generateSample({ messages: batchSize, seed: 4242, outDir: join(CACHE_DIR, `batch-${batchSize}`), start: '2026-09-16T00:00:00-06:00', hours: 2 });
  const summaries: EnrichSummary[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const db = copyOf(enriched, `enrich-${messages}-batch.duckdb`);
    const context = await openContext({ db, logger: createMemoryLogger() });
    try {
      await importMessageFiles(context, [batch.messagesFile]);
      const run = await timed(async () => {
        const summary = await enrichWarehouse(context);
        await context.warehouse.checkpoint();
        return summary;
      });
      summaries.push(run.summary);
      cpu.push(run.cpu);
      log(`enrich (${run.summary.mode}) after a ${batchSize.toLocaleString('en-US')}-message batch, run ${i + 1}: ${(run.summary.ms / 1000).toFixed(2)} s wall, ${run.cpu.toFixed(1)} s CPU, ${run.summary.changedSenders} senders changed, load ${loadavg()[0]!.toFixed(1)}`);
    } finally {
      context.warehouse.close();
      removeCopy(db);
    }
  }
  return report(summaries, cpu, batchSize);
}

const imported = await importedWarehouse();
const db = copyOf(imported, `enrich-${messages}-work.duckdb`);
const withoutClassifier = await measureFull(db, false);
const withClassifier = await measureFull(db, true);
const incremental = await measureIncremental(db);
removeCopy(db);
process.stdout.write(`${JSON.stringify({
  bench: 'enrich', messages, runs, machine: machine(), withClassifier, withoutClassifier, incremental: { batch: batchSize, ...incremental },
  peakRssMb: peakRssMb(),
})}\n`);
