// `node --import tsx bench/report.bench.ts [--messages N] [--large] [--runs N] [--pipeline]`: time of
// `buzon report` on a warehouse of N inbound messages (1M; 10M with --large), split into the time
// spent waiting for DuckDB (queries) and everything else (building the Vega-Lite specs, the HTML
// with the inlined runtime, writing the files) — the target is the latter: < 3 s for 10M.
// The warehouse is synthetic by default (the report tests' fixture, scaled: every enrichment and
// segment table of the contracts, deterministic) and cached under bench/cache; --pipeline builds
// it with the real generator, import, enrich and build instead. Prints one JSON line.
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createMemoryLogger } from '../src/core/logger.ts';
import { openContext, type BuzonContext } from '../src/db/context.ts';
import { importContactsFile } from '../src/import/contacts-importer.ts';
import { importMessageFiles } from '../src/import/import-runner.ts';
import { buildReport, type ReportResult } from '../src/report/report-builder.ts';
import { buildModels } from '../src/segment/sql-runner.ts';
import { createReportFixture } from '../test/report/report-fixture.ts';
import { CACHE_DIR, cachedSample, machine, peakRssMb, stat } from './bench-utils.ts';

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const messages = Number(option('--messages') ?? (args.includes('--large') ? 10_000_000 : 1_000_000));
const runs = Number(option('--runs') ?? 3);
const pipeline = args.includes('--pipeline');
const log = (m: string) => process.stderr.write(`${m}\n`);
/** Inbound messages per sender in the fixture (measured: 4,680 / 900). */
const FIXTURE_MESSAGES_PER_SENDER = 5.2;

async function warehouse(): Promise<string> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const db = join(CACHE_DIR, `report-${pipeline ? 'pipeline' : 'synthetic'}-${messages}.duckdb`);
  if (existsSync(db) && existsSync(`${db}.key`)) return db;
  for (const f of [db, `${db}.wal`, `${db}.key`]) rmSync(f, { force: true });
  const context = await openContext({ db, logger: createMemoryLogger() });
  const started = performance.now();
  try {
    if (pipeline) {
      const sample = await cachedSample(messages);
      log(`importing, enriching and building ${messages.toLocaleString('en-US')} messages into ${db}`);
      await importMessageFiles(context, [sample.messagesFile]);
      await importContactsFile(context, sample.contactsFile);
      const { enrichWarehouse } = (await import('../src/enrich/enrich-runner.ts')) as { enrichWarehouse: (c: BuzonContext) => Promise<unknown> };
      await enrichWarehouse(context);
      await buildModels(context);
    } else {
      const senders = Math.ceil(messages / FIXTURE_MESSAGES_PER_SENDER);
      log(`building a synthetic warehouse of ~${messages.toLocaleString('en-US')} inbound messages (${senders.toLocaleString('en-US')} senders, 14 days) into ${db}`);
      await createReportFixture(context.warehouse, { senders, days: 14 });
    }
    await context.warehouse.checkpoint();
  } catch (error) {
    context.warehouse.close();
    for (const f of [db, `${db}.wal`, `${db}.key`]) rmSync(f, { force: true });
    throw error;
  }
  context.warehouse.close();
  log(`warehouse ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return db;
}

const db = await warehouse();
const context = await openContext({ db, logger: createMemoryLogger(), readOnly: true });
const outDir = join(CACHE_DIR, 'report-out');
const inbound = await context.warehouse.scalar<number>("SELECT count(*) FROM message_enrichment WHERE direction = 'in'");
const results: ReportResult[] = [];
try {
  for (let i = 0; i < runs + 1; i++) {
    rmSync(outDir, { recursive: true, force: true });
    const result = await buildReport(context, { outDir });
    // The first run also reads the vega runtime from node_modules and warms caches: reported apart.
    results.push(result);
    log(`run ${i}: total ${(result.timings.totalMs / 1000).toFixed(2)} s, queries ${(result.timings.queriesMs / 1000).toFixed(2)} s, render ${(result.timings.renderMs / 1000).toFixed(2)} s`);
  }
} finally {
  context.warehouse.close();
}
const measured = results.slice(1);
const seconds = (pick: (r: ReportResult) => number) => {
  const s = stat(measured.map((r) => pick(r) / 1000));
  return { median: round(s.median), min: round(s.min), max: round(s.max) };
};
const last = results.at(-1)!;
console.log(JSON.stringify({
  bench: 'report',
  source: pipeline ? 'pipeline' : 'synthetic',
  inboundMessages: inbound,
  runs,
  renderSeconds: seconds((r) => r.timings.renderMs),
  querySeconds: seconds((r) => r.timings.queriesMs),
  totalSeconds: seconds((r) => r.timings.totalMs),
  firstRun: { renderSeconds: round(results[0]!.timings.renderMs / 1000), querySeconds: round(results[0]!.timings.queriesMs / 1000) },
  targetRenderSeconds: 3,
  charts: last.charts.map((c) => `${c.id}:${c.status}`),
  htmlBytes: statSync(last.htmlFile).size,
  peakRssMb: peakRssMb(),
  machine: machine(),
}));

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
