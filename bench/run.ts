// `npm run bench [-- --large] [-- --runs N]`: measures buzon against DuckDB's own limit and a naive
// baseline, runs every bench/*.bench.ts, writes bench/results/<date>.json and the table in bench/README.md.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { CACHE_DIR, cachedSample, machine, runTask, stat } from './bench-utils.ts';

const args = process.argv.slice(2);
const large = args.includes('--large');
const runs = Number(args[args.indexOf('--runs') + 1]) || 3;
const sizes = large ? [1_000_000, 10_000_000] : [1_000_000];
const benchDir = new URL('./', import.meta.url).pathname;
const log = (m: string) => process.stderr.write(`${m}\n`);

interface TaskResult { seconds: number; rows: number; peakRssMb: number }
const results: Record<string, unknown> = { date: new Date().toISOString(), machine: machine(), runs };

for (const size of sizes) {
  const sample = await cachedSample(size);
  const db = join(CACHE_DIR, `bench-${size}.duckdb`);
  const bare: number[] = []; const buzon: number[] = []; const ratios: number[] = []; const rss: number[] = [];
  for (let i = 0; i < runs; i++) {
    const b = runTask<TaskResult>(join(benchDir, 'tasks/import-task.ts'), ['bare', sample.messagesFile, db]);
    const z = runTask<TaskResult>(join(benchDir, 'tasks/import-task.ts'), ['buzon', sample.messagesFile, db]);
    bare.push(b.seconds); buzon.push(z.seconds); ratios.push(z.seconds / b.seconds); rss.push(z.peakRssMb);
    log(`[${size}] run ${i + 1}: bare read_csv ${b.seconds.toFixed(2)} s, buzon import ${z.seconds.toFixed(2)} s (${(z.seconds / b.seconds).toFixed(2)}x), RSS ${z.peakRssMb} MB`);
  }
  const naiveRows = 100_000;
  const naive = runTask<TaskResult>(join(benchDir, 'tasks/import-task.ts'), ['naive', sample.messagesFile, db, String(naiveRows)]);
  const naiveScaled = naive.seconds * (size / naive.rows);
  log(`[${size}] naive csv-parse + INSERT per row: ${naive.rows} rows in ${naive.seconds.toFixed(1)} s, scaled ${naiveScaled.toFixed(0)} s`);

  const pipeline: number[] = []; const pipelineRss: number[] = []; let stages: Record<string, number>[] = [];
  for (let i = 0; i < runs; i++) {
    const p = runTask<{ seconds: number; stages: Record<string, number>; peakRssMb: number }>(
      join(benchDir, 'tasks/pipeline-task.ts'), [sample.messagesFile, sample.contactsFile, db]);
    pipeline.push(p.seconds); pipelineRss.push(p.peakRssMb); stages.push(p.stages);
    log(`[${size}] import+enrich+build run ${i + 1}: ${p.seconds.toFixed(2)} s ${JSON.stringify(p.stages)} RSS ${p.peakRssMb} MB`);
  }
  results[`messages_${size}`] = {
    import: { buzon: stat(buzon), bareReadCsv: stat(bare), ratio: stat(ratios), peakRssMb: Math.max(...rss), messagesPerSecond: size / stat(buzon).median },
    naive: { rows: naive.rows, seconds: naive.seconds, scaledSeconds: naiveScaled, ratioToBuzon: naiveScaled / stat(buzon).median },
    endToEnd: { seconds: stat(pipeline), messagesPerSecond: size / stat(pipeline).median, peakRssMb: Math.max(...pipelineRss), stages },
  };
}

// The stage benches other modules own: each prints one JSON line.
for (const file of readdirSync(benchDir).filter((f) => f.endsWith('.bench.ts')).sort()) {
  log(`running ${file}`);
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(benchDir, file), ...(large ? ['--large'] : [])], {
    encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, TZ: 'UTC' }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const last = child.stdout.trim().split('\n').at(-1) ?? '';
  try {
    results[file.replace('.bench.ts', '')] = child.status === 0 ? JSON.parse(last) : { error: `exit ${child.status}` };
  } catch {
    results[file.replace('.bench.ts', '')] = { error: 'no JSON result', output: last.slice(0, 500) };
  }
}

const resultsDir = join(benchDir, 'results');
mkdirSync(resultsDir, { recursive: true });
const out = join(resultsDir, `${new Date().toISOString().slice(0, 10)}.json`);
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
log(`wrote ${out}`);
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
if (existsSync(join(benchDir, 'README.md'))) log('update the table in bench/README.md from this file');
