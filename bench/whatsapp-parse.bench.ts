/**
 * WhatsApp chat-export parsing: buzon's streaming parser against the `whatsapp-chat-parser` npm
 * package on the same generated export. Prints JSON to stdout.
 *
 *   node --import tsx bench/whatsapp-parse.bench.ts [--messages 1000000] [--runs 3]
 */
import { pathToFileURL } from 'node:url';
import { parseString } from 'whatsapp-chat-parser';
import { WhatsAppParser, dateParts, decideDateOrder, type WhatsAppEntry } from '../src/import/whatsapp-parser.ts';

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

/** Messages buzon's parser reads, with each message's instant built as the reader does (naive UTC here). */
export function parseWithBuzon(text: string): number {
  const entries: WhatsAppEntry[] = [];
  const parser = new WhatsAppParser((e) => entries.push(e));
  // Streams in 1 MiB pieces, as the reader does from disk.
  const step = 1 << 20;
  for (let i = 0; i < text.length; i += step) parser.push(text.slice(i, i + step));
  parser.end();
  const order = decideDateOrder(parser.evidence);
  let count = 0;
  for (const e of entries) {
    const [y, m, d] = dateParts(e, order);
    if (Date.UTC(y, m - 1, d, e.hour, e.minute, e.second) > 0 && e.system === null) count++;
  }
  return count;
}

export function parseWithPackage(text: string): number {
  return parseString(text, { parseAttachments: false }).filter((m) => m.author !== null).length;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeRuns(runs: number, work: () => number): { ms: number[]; count: number } {
  const ms: number[] = [];
  let count = 0;
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    count = work();
    ms.push(performance.now() - started);
  }
  return { ms, count };
}

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

async function main(): Promise<void> {
  const messages = argument('messages', 1_000_000);
  const runs = argument('runs', 3);
  const results = [];
  for (const variant of ['android-24h', 'ios-12h-es'] as const) {
    const text = generateWhatsAppExport(messages, { ios: variant === 'ios-12h-es' });
    const buzon = timeRuns(runs, () => parseWithBuzon(text));
    const pkg = timeRuns(runs, () => parseWithPackage(text));
    const pair = buzon.ms.map((ms, i) => pkg.ms[i]! / ms);
    results.push({
      variant,
      messages,
      bytes: Buffer.byteLength(text),
      buzon: { messages: buzon.count, median_ms: Math.round(median(buzon.ms)), min_ms: Math.round(Math.min(...buzon.ms)), max_ms: Math.round(Math.max(...buzon.ms)),
        messages_per_s: Math.round(buzon.count / (median(buzon.ms) / 1000)) },
      whatsapp_chat_parser: { messages: pkg.count, median_ms: Math.round(median(pkg.ms)), min_ms: Math.round(Math.min(...pkg.ms)), max_ms: Math.round(Math.max(...pkg.ms)),
        messages_per_s: Math.round(pkg.count / (median(pkg.ms) / 1000)) },
      ratio_median: Number(median(pair).toFixed(2)),
    });
  }
  process.stdout.write(`${JSON.stringify({ bench: 'whatsapp-parse', runs, results }, null, 2)}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
