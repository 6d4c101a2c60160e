/**
 * WhatsApp chat-export parsing: buzon's streaming parser against the `whatsapp-chat-parser` npm
 * package on the same text: the generator's `whatsapp-all.txt` (Android, 24 h, numbers as authors)
 * and a synthetic iOS export (12 h Spanish with narrow no-break spaces). Median of the runs, each
 * pair timed in the same run. Prints JSON to stdout.
 *
 *   node --import tsx bench/whatsapp-parse.bench.ts [--messages 1000000] [--runs 3]
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { cachedSample, machine, stat } from './bench-utils.ts';
import { parseString } from 'whatsapp-chat-parser';
import { WhatsAppParser, dateParts, decideDateOrder, parseWhatsAppText, type WhatsAppEntry } from '../src/import/whatsapp-parser.ts';

const WORDS = ('ya no hay agua en la colonia desde el lunes por favor ayuda con el bache de la calle seguridad escuela ' +
  'hospital medicinas pension apoyo trabajo luz transporte gracias buenas tardes candidata propuesta colonia centro').split(' ');
const NAMES = ['Lupita Ramírez', 'Juan Pérez', 'Doña Mary 🌸', 'Pepe - Taller', 'Ana Sofía', 'Beto', 'Campaña Norte'];

/** A deterministic export: Android 24 h or iOS 12 h Spanish (narrow no-break spaces), with multi-line, media and system lines. */
export function generateWhatsAppExport(messages: number, options: { ios?: boolean; seed?: number; numbers?: boolean } = {}): string {
  let state = options.seed ?? 7;
  const rand = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const parts: string[] = [];
  let t = Date.UTC(2022, 8, 1, 8, 0, 0);
  const nn = '\u202f';
  for (let i = 0; i < messages; i++) {
    t += Math.floor(rand() * 20_000);
    const d = new Date(t);
    const day = d.getUTCDate();
    const month = d.getUTCMonth() + 1;
    const year = d.getUTCFullYear() % 100;
    const h = d.getUTCHours();
    const mi = String(d.getUTCMinutes()).padStart(2, '0');
    const s = String(d.getUTCSeconds()).padStart(2, '0');
    const author = options.numbers
      ? `+52 1 55 ${String(1000 + (i % 997)).padStart(4, '0')} ${String(5000 + (i % 991)).padStart(4, '0')}`
      : NAMES[Math.floor(rand() * NAMES.length)]!;
    const stamp = options.ios
      ? `[${day}/${month}/${year}, ${h % 12 || 12}:${mi}:${s}${nn}${h < 12 ? `a.${nn}m.` : `p.${nn}m.`}] `
      : `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}, ${String(h).padStart(2, '0')}:${mi} - `;
    const roll = rand();
    if (roll < 0.01) {
      parts.push(`${stamp}${NAMES[0]} añadió a ${NAMES[1]}`);
      continue;
    }
    let body: string;
    if (roll < 0.06) body = '<Multimedia omitido>';
    else if (roll < 0.08) body = `PTT-20220914-WA${String(i % 10000).padStart(4, '0')}.opus (archivo adjunto)`;
    else {
      const n = 3 + Math.floor(rand() * 14);
      const words: string[] = [];
      for (let w = 0; w < n; w++) words.push(WORDS[Math.floor(rand() * WORDS.length)]!);
      body = words.join(' ');
      if (rand() < 0.05) body += `\n${words.slice(0, 4).join(' ')}: segunda línea - con guion`;
    }
    parts.push(`${stamp}${author}: ${body}`);
  }
  return `${parts.join('\n')}\n`;
}

/**
 * Messages buzon's parser reads, streamed as the reader uses it: text in 1 MiB pieces, each message
 * handed to a callback with its instant built (the reader appends it to DuckDB and keeps nothing).
 */
export function parseWithBuzon(text: string): number {
  let count = 0;
  const pending: WhatsAppEntry[] = [];
  const parser = new WhatsAppParser((e) => {
    if (e.system === null) count++;
    pending.push(e);
    // The date order is known only at the end; the reader resolves it in SQL. Here: every 2,048 entries,
    // read as the order so far says (what a chunk of the reader costs), then drop them.
    if (pending.length === 2048) {
      const order = decideDateOrder(parser.evidence);
      for (const p of pending) {
        const [y, m, d] = dateParts(p, order);
        if (Date.UTC(y, m - 1, d, p.hour, p.minute, p.second) < 0) count--;
      }
      pending.length = 0;
    }
  });
  const step = 1 << 20;
  for (let i = 0; i < text.length; i += step) parser.push(text.slice(i, i + step));
  parser.end();
  return count;
}

/** Every message kept in an array with its date, as whatsapp-chat-parser returns them. */
export function parseWithBuzonToArray(text: string): number {
  const { entries, order } = parseWhatsAppText(text);
  let count = 0;
  for (const e of entries) {
    const [y, m, d] = dateParts(e, order);
    if (e.system === null && Date.UTC(y, m - 1, d, e.hour, e.minute, e.second) > 0) count++;
  }
  return count;
}

export function parseWithPackage(text: string): number {
  return parseString(text, { parseAttachments: false }).filter((m) => m.author !== null).length;
}

/** Wall and CPU time of one call (CPU time is steadier on a shared machine). */
function timeRuns(runs: number, work: () => number): { ms: number[]; cpuMs: number[]; count: number } {
  const ms: number[] = [];
  const cpuMs: number[] = [];
  let count = 0;
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    count = work();
    const used = process.cpuUsage(cpu);
    ms.push(performance.now() - started);
    cpuMs.push((used.user + used.system) / 1000);
  }
  return { ms, cpuMs, count };
}

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

function summary(count: number, runs: { ms: number[]; cpuMs: number[] }) {
  const s = stat(runs.ms);
  const cpu = stat(runs.cpuMs);
  return {
    messages: count, median_ms: Math.round(s.median), min_ms: Math.round(s.min), max_ms: Math.round(s.max),
    messages_per_s: Math.round(count / (s.median / 1000)), median_cpu_ms: Math.round(cpu.median),
  };
}

async function main(): Promise<void> {
  const messages = argument('messages', 1_000_000);
  const runs = argument('runs', 3);
  const sample = await cachedSample(messages, 42, ['whatsapp']);
  const variants: [string, string][] = [
    ['generated-android-24h', readFileSync(sample.extraFiles['whatsapp-all']!, 'utf8')],
    ['synthetic-ios-12h-es', generateWhatsAppExport(messages, { ios: true })],
  ];
  const results = [];
  for (const [variant, text] of variants) {
    const buzon = { ms: [] as number[], cpuMs: [] as number[] };
    const buzonArray = { ms: [] as number[], cpuMs: [] as number[] };
    const pkg = { ms: [] as number[], cpuMs: [] as number[] };
    let counts = [0, 0, 0];
    // Alternate the parsers within each run, so they see the same machine load.
    for (let r = 0; r < runs; r++) {
      const a = timeRuns(1, () => parseWithBuzon(text));
      const b = timeRuns(1, () => parseWithPackage(text));
      const c = timeRuns(1, () => parseWithBuzonToArray(text));
      for (const [into, from] of [[buzon, a], [pkg, b], [buzonArray, c]] as const) {
        into.ms.push(from.ms[0]!);
        into.cpuMs.push(from.cpuMs[0]!);
      }
      counts = [a.count, b.count, c.count];
    }
    const ratios = buzon.ms.map((ms, i) => pkg.ms[i]! / ms);
    const cpuRatios = buzon.cpuMs.map((ms, i) => pkg.cpuMs[i]! / ms);
    results.push({
      variant, bytes: Buffer.byteLength(text),
      buzon: summary(counts[0]!, buzon),
      buzon_into_array: summary(counts[2]!, buzonArray),
      whatsapp_chat_parser: summary(counts[1]!, pkg),
      ratio: { median: Number(stat(ratios).median.toFixed(2)), min: Number(stat(ratios).min.toFixed(2)), max: Number(stat(ratios).max.toFixed(2)) },
      cpu_ratio_median: Number(stat(cpuRatios).median.toFixed(2)),
    });
  }
  process.stdout.write(`${JSON.stringify({ bench: 'whatsapp-parse', machine: machine(), runs, results }, null, 2)}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
