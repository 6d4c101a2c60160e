// `node --import tsx bench/build.bench.ts [--messages N] [--large] [--runs N] [--synthetic]`:
// `buzon build` on a warehouse of N generated messages (1M; 10M with --large), imported and
// enriched once and cached: the full build (median of --runs), a build with nothing changed (every
// model fresh), and an incremental 10k-message batch (import + enrich + build, each timed).
// --synthetic fills messages and the enrichment tables straight from SQL (test/segment's
// synthesiser) instead of generator + import + `buzon enrich`: minutes instead of an hour at 10M.
// Prints one JSON line.
import { copyFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createMemoryLogger } from '../src/core/logger.ts';
import { openContext, type BuzonContext } from '../src/db/context.ts';
import { generateSample } from '../src/generate/sample-generator.ts';
import { importContactsFile } from '../src/import/contacts-importer.ts';
import { importMessageFiles } from '../src/import/import-runner.ts';
import { buildModels, type ModelResult } from '../src/segment/sql-runner.ts';
import { addSyntheticBatch } from '../test/segment/segment-fixture.ts';
import { CACHE_DIR, cachedSample, machine, peakRssMb, stat } from './bench-utils.ts';

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const messages = Number(option('--messages') ?? (args.includes('--large') ? 10_000_000 : 1_000_000));
const runs = Number(option('--runs') ?? 3);
const batchSize = Number(option('--batch') ?? 10_000);
const synthetic = args.includes('--synthetic');
const log = (m: string) => process.stderr.write(`${m}\n`);

const enrichModule = new URL('../src/enrich/enrich-runner.ts', import.meta.url);
type Enrich = (context: BuzonContext) => Promise<unknown>;
const enrich: Enrich | undefined = existsSync(enrichModule)
  ? ((await import(enrichModule.href)) as { enrichWarehouse: Enrich }).enrichWarehouse
  : undefined;

const cpu: Record<string, number[]> = {};

/** Wall seconds of `work`; its CPU seconds (all of DuckDB's threads) go to `cpu[label]`: on a busy machine the steadier figure. */
async function seconds(work: () => Promise<unknown>, label = 'other'): Promise<number> {
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  await work();
  const used = process.cpuUsage(cpu0);
  (cpu[label] ??= []).push((used.user + used.system) / 1e6);
  return (performance.now() - started) / 1000;
}

/** An imported and enriched warehouse of `messages`, cached; each bench works on a copy. */
async function baseWarehouse(): Promise<string> {
  const db = join(CACHE_DIR, `build-${synthetic ? 'synthetic-' : ''}${messages}.duckdb`);
  const ready = `${db}.ready`;
  if (existsSync(ready)) return db;
  for (const f of [db, `${db}.wal`, `${db}.key`]) rmSync(f, { force: true });
  const context = await openContext({ db, logger: createMemoryLogger() });
  if (synthetic) {
    log(`synthesising ${messages.toLocaleString('en-US')} enriched messages into ${db}`);
    await addSyntheticBatch(context, { messages, senders: Math.round(messages / 4) });
  } else {
    const sample = await cachedSample(messages);
    log(`importing and enriching ${messages.toLocaleString('en-US')} messages into ${db}`);
    await importMessageFiles(context, [sample.messagesFile]);
    await importContactsFile(context, sample.contactsFile);
    if (enrich) await enrich(context);
  }
  await context.warehouse.checkpoint();
  context.warehouse.close();
  writeFileSync(ready, new Date().toISOString());
  return db;
}

function freshCopy(base: string): string {
  const db = join(CACHE_DIR, `build-${messages}-work.duckdb`);
  for (const f of [db, `${db}.wal`, `${db}.key`]) rmSync(f, { force: true });
  copyFileSync(base, db);
  copyFileSync(`${base}.key`, `${db}.key`);
  return db;
}

const summarise = (results: ModelResult[]) => Object.fromEntries(results.map((r) => [r.model, { status: r.status, rows: r.rows, ms: Math.round(r.ms) }]));

const base = await baseWarehouse();
const db = freshCopy(base);
const context = await openContext({ db, logger: createMemoryLogger() });
const full: number[] = [];
let lastFull: ModelResult[] = [];
for (let i = 0; i < runs; i++) {
  full.push(await seconds(async () => { lastFull = await buildModels(context, { full: true }); }, 'full'));
  log(`full build ${i + 1}: ${full.at(-1)!.toFixed(2)} s`);
}
let freshResults: ModelResult[] = [];
const fresh = await seconds(async () => { freshResults = await buildModels(context); }, 'unchanged');
log(`nothing changed: ${fresh.toFixed(2)} s (${freshResults.filter((r) => r.status === 'fresh').length} fresh)`);

let importSeconds = 0;
let enrichSeconds = 0;
let enrichResult: { mode?: string; changedSenders?: number } = {};
if (synthetic) {
  // Appends the batch and rewrites the enrichment tables whole, as `buzon enrich` does.
  importSeconds = await seconds(() => addSyntheticBatch(context, { messages: batchSize, senders: Math.round(messages / 4) }));
} else {
  const batch = await generateSample({ messages: batchSize, seed: 4242, outDir: join(CACHE_DIR, `batch-${batchSize}`), start: '2026-09-16T00:00:00-06:00', hours: 2 });
  importSeconds = await seconds(() => importMessageFiles(context, [batch.messagesFile]));
  // `buzon enrich` is incremental: it enriches the batch and rewrites only what the batch changed.
  enrichSeconds = enrich ? await seconds(async () => { enrichResult = (await enrich(context)) as typeof enrichResult; }) : 0;
}
let incrementalResults: ModelResult[] = [];
const incremental = await seconds(async () => { incrementalResults = await buildModels(context); }, 'incremental');
log(`batch of ${batchSize}: ${synthetic ? 'synthesise + re-derive enrichment' : 'import'} ${importSeconds.toFixed(2)} s, enrich ${enrichSeconds.toFixed(2)} s, build ${incremental.toFixed(2)} s`);
context.warehouse.close();
for (const f of [db, `${db}.wal`, `${db}.key`]) rmSync(f, { force: true });

process.stdout.write(`${JSON.stringify({
  messages, machine: machine(), data: synthetic ? 'synthetic (SQL)' : enrich ? 'generated, imported, enriched' : 'generated, imported, not enriched',
  fullBuild: { seconds: stat(full), cpuSeconds: stat(cpu.full!), models: summarise(lastFull) },
  unchangedBuild: { seconds: fresh, cpuSeconds: cpu.unchanged![0], fresh: freshResults.filter((r) => r.status === 'fresh').length, models: freshResults.length },
  incrementalBatch: {
    messages: batchSize, importSeconds, enrichSeconds, enrichMode: enrichResult.mode, enrichChangedSenders: enrichResult.changedSenders,
    buildSeconds: incremental, buildCpuSeconds: cpu.incremental![0],
    rebuilt: incrementalResults.filter((r) => r.status === 'rebuilt').map((r) => r.model),
    fresh: incrementalResults.filter((r) => r.status === 'fresh').map((r) => r.model),
    models: summarise(incrementalResults),
  },
  loadAverage: loadavg(),
  peakRssMb: peakRssMb(),
})}\n`);
