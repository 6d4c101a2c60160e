import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { generateSample, type GenerateResult } from '../src/generate/sample-generator.ts';

export const CACHE_DIR = new URL('./cache/', import.meta.url).pathname;

export interface Stat {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export function stat(runs: number[]): Stat {
  const sorted = [...runs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)!, runs };
}

/** Generated sample data, cached by size, seed and formats under bench/cache (git-ignored). */
export async function cachedSample(messages: number, seed = 42, formats: Array<'csv' | 'whatsapp' | 'cloud-api' | 'twilio'> = ['csv']): Promise<GenerateResult> {
  const dir = join(CACHE_DIR, `${messages}-${seed}-${formats.join('+')}`);
  const marker = join(dir, 'result.json');
  if (existsSync(marker)) return JSON.parse((await import('node:fs')).readFileSync(marker, 'utf8')) as GenerateResult;
  mkdirSync(dir, { recursive: true });
  process.stderr.write(`generating ${messages.toLocaleString('en-US')} messages (seed ${seed}) into ${dir}\n`);
  const result = await generateSample({ messages, seed, outDir: dir, formats });
  (await import('node:fs')).writeFileSync(marker, JSON.stringify(result));
  return result;
}

/** Runs a bench task in a fresh Node process and returns its JSON line plus the child's peak RSS. */
export function runTask<T>(script: string, args: string[]): T & { peakRssMb: number } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, TZ: 'UTC' },
  });
  if (result.status !== 0) throw new Error(`${script} failed (${result.status}): ${result.stderr.slice(-2000)}`);
  const lastLine = result.stdout.trim().split('\n').at(-1)!;
  return JSON.parse(lastLine) as T & { peakRssMb: number };
}

export function machine() {
  return { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
}

export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
