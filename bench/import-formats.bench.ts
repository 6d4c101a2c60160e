/**
 * End-to-end import of 1M messages from a WhatsApp chat export (.txt) and a Cloud API webhook log
 * (NDJSON) into a fresh warehouse file: wall time, messages/s, peak RSS. Prints JSON to stdout.
 *
 *   node --import tsx bench/import-formats.bench.ts [--messages 1000000] [--runs 3] [--formats whatsapp,cloud-api,twilio]
 */
import { createWriteStream, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { generateWhatsAppExport } from './whatsapp-parse.bench.ts';

const CACHE = new URL('./cache/import-formats/', import.meta.url).pathname;
const WORDS = 'ya no hay agua en la colonia desde el lunes por favor ayuda con el bache seguridad escuela hospital pension apoyo trabajo luz'.split(' ');

/** NDJSON of Cloud API webhook payloads: mostly one message per payload, some batched, some statuses, a few redeliveries. */
export async function writeCloudApiLog(file: string, messages: number, seed = 11): Promise<void> {
  let state = seed;
  const rand = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const out = createWriteStream(file);
  let t = 1_662_000_000;
  let buffer = '';
  for (let i = 0; i < messages; ) {
    const batch = rand() < 0.1 ? 3 : 1;
    const msgs = [];
    const contacts = [];
    for (let b = 0; b < batch && i < messages; b++, i++) {
      t += Math.floor(rand() * 10);
      const from = `521${String(5500000000 + (i % 50_000) * 7)}`;
      const n = 3 + Math.floor(rand() * 12);
      const words: string[] = [];
      for (let w = 0; w < n; w++) words.push(WORDS[Math.floor(rand() * WORDS.length)]!);
      const roll = rand();
      const message: Record<string, unknown> = { from, id: `wamid.HBgM${i.toString(36).padStart(10, '0')}`, timestamp: String(t) };
      if (roll < 0.05) Object.assign(message, { type: 'image', image: { caption: words.slice(0, 3).join(' '), mime_type: 'image/jpeg', id: `m${i}` } });
      else if (roll < 0.08) Object.assign(message, { type: 'audio', audio: { mime_type: 'audio/ogg; codecs=opus', id: `m${i}`, voice: true } });
      else Object.assign(message, { type: 'text', text: { body: words.join(' ') } });
      msgs.push(message);
      contacts.push({ profile: { name: `Persona ${i % 50_000}` }, wa_id: from });
    }
    const payload = { object: 'whatsapp_business_account', entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' }, contacts, messages: msgs } }] }] };
    buffer += `${JSON.stringify(payload)}\n`;
    if (rand() < 0.01) buffer += `${JSON.stringify(payload)}\n`;
    if (rand() < 0.2) {
      buffer += `${JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: {
        messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
        statuses: [{ id: `wamid.out${i}`, status: 'delivered', timestamp: String(t), recipient_id: (msgs[0] as { from: string }).from }] } }] }] })}\n`;
    }
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'close');
}

/** A Twilio message-log CSV with WhatsApp addresses, inbound and outbound. */
export async function writeTwilioCsv(file: string, messages: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('From,To,Body,Status,SentDate,ApiVersion,NumSegments,ErrorCode,AccountSid,Sid,Direction,Price,PriceUnit\n');
  let buffer = '';
  for (let i = 0; i < messages; i++) {
    const citizen = `whatsapp:+521${String(5500000000 + (i % 50_000) * 7)}`;
    const inbound = i % 3 !== 2;
    const date = new Date(Date.UTC(2022, 8, 14) + i * 1000).toISOString().replace('T', ' ').slice(0, 19);
    buffer += `${inbound ? citizen : 'whatsapp:+15550783881'},${inbound ? 'whatsapp:+15550783881' : citizen},"${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]}, mensaje ${i}",${inbound ? 'received' : 'delivered'},${date} +0000,2010-04-01,1,,ACxxxx,SM${i.toString(16).padStart(32, '0')},${inbound ? 'inbound' : 'outbound-api'},0.005,USD\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'close');
}

async function inputFor(format: string, messages: number): Promise<string> {
  mkdirSync(CACHE, { recursive: true });
  const file = join(CACHE, `${format}-${messages}.${format === 'whatsapp' ? 'txt' : format === 'twilio' ? 'csv' : 'ndjson'}`);
  if (existsSync(file)) return file;
  if (format === 'whatsapp') writeFileSync(file, generateWhatsAppExport(messages, { numbers: true }));
  else if (format === 'cloud-api') await writeCloudApiLog(file, messages);
  else await writeTwilioCsv(file, messages);
  return file;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function argument(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1]! : fallback;
}

/** One import in a child process, so its peak RSS is its own. */
function importOnce(file: string, format: string): { ms: number; messages: number; rss_mib: number } {
  const db = join(CACHE, `run-${process.pid}.duckdb`);
  rmSync(db, { force: true });
  rmSync(`${db}.key`, { force: true });
  const script = `
    import { openContext } from './src/db/context.ts';
    import { createMemoryLogger } from './src/core/logger.ts';
    import { importMessageFiles } from './src/import/import-runner.ts';
    const context = await openContext({ db: ${JSON.stringify(db)}, logger: createMemoryLogger() });
    const started = performance.now();
    const [s] = await importMessageFiles(context, [${JSON.stringify(file)}], { format: ${JSON.stringify(format)}, readerOptions: { owner: 'Campaña Norte' } });
    const ms = performance.now() - started;
    context.warehouse.close();
    process.stdout.write(JSON.stringify({ ms, messages: s.messages, rss_mib: Math.round(process.resourceUsage().maxRSS / 1024) }));`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: new URL('..', import.meta.url).pathname, encoding: 'utf8', maxBuffer: 1 << 20,
  });
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  rmSync(`${db}.key`, { force: true });
  if (child.status !== 0) throw new Error(`import failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as { ms: number; messages: number; rss_mib: number };
}

async function main(): Promise<void> {
  const messages = Number(argument('messages', '1000000'));
  const runs = Number(argument('runs', '3'));
  const formats = argument('formats', 'whatsapp,cloud-api').split(',');
  const results = [];
  for (const format of formats) {
    const file = await inputFor(format, messages);
    const samples = Array.from({ length: runs }, () => importOnce(file, format));
    const ms = samples.map((s) => s.ms);
    results.push({
      format, file_mib: Math.round(statSync(file).size / 2 ** 20), messages: samples[0]!.messages,
      median_ms: Math.round(median(ms)), min_ms: Math.round(Math.min(...ms)), max_ms: Math.round(Math.max(...ms)),
      messages_per_s: Math.round(samples[0]!.messages / (median(ms) / 1000)),
      peak_rss_mib: Math.max(...samples.map((s) => s.rss_mib)),
    });
  }
  process.stdout.write(`${JSON.stringify({ bench: 'import-formats', runs, results }, null, 2)}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
