// `node --import tsx bench/enrich.bench.ts [--messages N] [--large] [--runs N]`: `buzon enrich` on a
// warehouse of N generated messages (1M; 10M with --large), imported once and cached under bench/cache.
// Times the whole enrichment (issue classifier included) and the rest alone (--no-classify), median of
// --runs, with the per-step times of the median run. Prints one JSON line on stdout; progress on stderr.
import { existsSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createMemoryLogger } from '../src/core/logger.ts';
import { openContext } from '../src/db/context.ts';
import { enrichWarehouse, type EnrichSummary } from '../src/enrich/enrich-runner.ts';
import { importContactsFile } from '../src/import/contacts-importer.ts';
import { importMessageFiles } from '../src/import/import-runner.ts';
import { CACHE_DIR, cachedSample, machine, peakRssMb, stat } from './bench-utils.ts';

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const messages = Number(option('--messages') ?? (args.includes('--large') ? 10_000_000 : 1_000_000));
const runs = Number(option('--runs') ?? 3);
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

async function measure(db: string, classify: boolean) {
  const summaries: EnrichSummary[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const context = await openContext({ db, logger: createMemoryLogger() });
    try {
      // CPU time (all DuckDB threads run in this process) beside wall time: on a shared machine wall time
      // measures the neighbours too.
      const cpu0 = process.cpuUsage();
      const summary = await enrichWarehouse(context, { classify });
      const used = process.cpuUsage(cpu0);
      cpu.push((used.user + used.system) / 1e6);
      summaries.push(summary);
      log(`enrich${classify ? '' : ' --no-classify'} run ${i + 1}: ${(summary.ms / 1000).toFixed(2)} s wall, ${cpu.at(-1)!.toFixed(1)} s CPU, ${Math.round(messages / (summary.ms / 1000)).toLocaleString('en-US')} messages/s, load ${loadavg()[0]!.toFixed(1)}`);
    } finally {
      context.warehouse.close();
    }
  }
  const seconds = stat(summaries.map((s) => s.ms / 1000));
  const median = [...summaries].sort((a, b) => a.ms - b.ms)[Math.floor(summaries.length / 2)]!;
  return {
    seconds,
    cpuSeconds: stat(cpu),
    messagesPerSecond: Math.round(messages / seconds.median),
    /** Messages per second if the CPU time were spread over every core with nothing else running. */
    idleEstimateMessagesPerSecond: Math.round((messages / stat(cpu).median) * cpus().length),
    loadAverage: loadavg()[0],
    issueSource: median.issueSource,
    stepsMs: Object.fromEntries(median.steps.map((s) => [s.step, s.ms])),
  };
}

const db = await importedWarehouse();
const withoutClassifier = await measure(db, false);
const withClassifier = await measure(db, true);
process.stdout.write(`${JSON.stringify({
  bench: 'enrich', messages, runs, machine: machine(), withClassifier, withoutClassifier, peakRssMb: peakRssMb(),
})}\n`);
