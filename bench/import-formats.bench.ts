/**
 * End-to-end import of N generated messages (default 1M) from each export format into a fresh
 * warehouse file: the WhatsApp chat export (`whatsapp-all.txt`), the Cloud API webhook log (NDJSON)
 * and, with `--formats`, the Twilio log. Each import runs in its own process so its peak RSS is its
 * own. Median of the runs. Prints JSON to stdout.
 *
 *   node --import tsx bench/import-formats.bench.ts [--messages 1000000] [--runs 3] [--formats whatsapp,cloud-api,twilio]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CACHE_DIR, cachedSample, machine, stat } from './bench-utils.ts';

const FILE_OF: Record<string, string> = { whatsapp: 'whatsapp-all', 'cloud-api': 'cloud-api', twilio: 'twilio' };

function argument(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1]! : fallback;
}

interface ImportRun { ms: number; rows: number; messages: number; rss_mib: number }

/** One import into a new warehouse file, in a child process. */
function importOnce(file: string, format: string): ImportRun {
  const dir = join(CACHE_DIR, 'import-formats');
  mkdirSync(dir, { recursive: true });
  const db = join(dir, `run-${process.pid}.duckdb`);
  const clean = () => ['', '.wal', '.key', '.tmp'].forEach((suffix) => rmSync(`${db}${suffix}`, { recursive: true, force: true }));
  clean();
  const script = `
    import { openContext } from './src/db/context.ts';
    import { createMemoryLogger } from './src/core/logger.ts';
    import { importMessageFiles } from './src/import/import-runner.ts';
    const context = await openContext({ db: ${JSON.stringify(db)}, logger: createMemoryLogger() });
    const started = performance.now();
    const [s] = await importMessageFiles(context, [${JSON.stringify(file)}], { format: ${JSON.stringify(format)} });
    const ms = performance.now() - started;
    context.warehouse.close();
    process.stdout.write(JSON.stringify({ ms, rows: s.rowsRead, messages: s.messages, rss_mib: Math.round(process.resourceUsage().maxRSS / 1024) }));`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: new URL('..', import.meta.url).pathname, encoding: 'utf8', maxBuffer: 1 << 20, env: { ...process.env, TZ: 'UTC' },
  });
  clean();
  if (child.status !== 0) throw new Error(`import of ${file} failed: ${child.stderr.slice(-2000)}`);
  return JSON.parse(child.stdout) as ImportRun;
}

async function main(): Promise<void> {
  const messages = Number(argument('messages', '1000000'));
  const runs = Number(argument('runs', '3'));
  const formats = argument('formats', 'whatsapp,cloud-api').split(',');
  const sample = await cachedSample(messages, 42, ['whatsapp', 'cloud-api', 'twilio']);
  const results = [];
  for (const format of formats) {
    const file = sample.extraFiles[FILE_OF[format] ?? format];
    if (!file) throw new Error(`unknown format ${format} (whatsapp, cloud-api, twilio)`);
    const samples = Array.from({ length: runs }, () => importOnce(file, format));
    const ms = stat(samples.map((s) => s.ms));
    results.push({
      format, file_mib: Math.round(statSync(file).size / 2 ** 20), rows_read: samples[0]!.rows, messages: samples[0]!.messages,
      median_ms: Math.round(ms.median), min_ms: Math.round(ms.min), max_ms: Math.round(ms.max),
      rows_per_s: Math.round(samples[0]!.rows / (ms.median / 1000)),
      peak_rss_mib: Math.max(...samples.map((s) => s.rss_mib)),
    });
  }
  process.stdout.write(`${JSON.stringify({ bench: 'import-formats', machine: machine(), runs, results }, null, 2)}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
