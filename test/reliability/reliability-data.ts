/**
 * Deterministic inputs for the reliability tests and `npm run fuzz`: canonical message CSVs and
 * contact sheets with made-up numbers, and the checks every warehouse must pass afterwards.
 */
import type { Warehouse } from '../../src/db/warehouse.ts';

/** mulberry32: small, seeded, the same sequence everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LADAS = ['55', '56', '33', '81', '222', '664', '999', '442', '477', '614'];
const WORDS = ['no', 'hay', 'agua', 'en', 'la', 'colonia', 'desde', 'el', 'lunes', 'baches', 'seguridad', 'luz',
  'transporte', 'escuela', 'medicinas', 'IMSS', 'pipa', 'calle', 'mañana', 'ayúdenos', 'por', 'favor', 'señor', 'niños'];

/** A made-up Mexican mobile number (10 digits) for sender `i`. */
export function fakeNational(i: number): string {
  const lada = LADAS[i % LADAS.length]!;
  const rest = String(1_000_000 + ((i * 7_919) % 8_999_999)).padStart(10 - lada.length, '0').slice(-(10 - lada.length));
  return `${lada}${rest}`;
}

/** The ways exports write one number. */
function writeNumber(national: string, style: number): string {
  switch (style % 5) {
    case 0: return `+52${national}`;
    case 1: return `521${national}`;
    case 2: return `+52 ${national.slice(0, 2)} ${national.slice(2, 6)} ${national.slice(6)}`;
    case 3: return `whatsapp:+521${national}`;
    default: return national;
  }
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export interface CanonicalOptions {
  rows: number;
  seed: number;
  senders?: number;
  /** Prefix of message ids, so two files do not share ids. */
  idPrefix?: string;
}

/** A valid canonical CSV: quoted bodies with commas, quotes and newlines; senders in five spellings. */
export function canonicalCsv({ rows, seed, senders = Math.max(10, Math.floor(rows / 20)), idPrefix = 'm' }: CanonicalOptions): string {
  const random = seededRandom(seed);
  const lines = ['message_id,sender,sent_at,direction,body,sender_name,media'];
  const start = Date.UTC(2026, 8, 14, 12);
  for (let i = 0; i < rows; i++) {
    const sender = Math.floor(random() * senders);
    const at = new Date(start + Math.floor(random() * 7 * 86_400_000)).toISOString().replace('.000Z', 'Z');
    const words = Array.from({ length: 3 + Math.floor(random() * 12) }, () => WORDS[Math.floor(random() * WORDS.length)]!);
    let body = words.join(' ');
    const twist = random();
    if (twist < 0.05) body += ', "de verdad"';
    else if (twist < 0.08) body += '\nsegunda línea';
    else if (twist < 0.1) body = '';
    const media = body === '' ? 'image' : '';
    const direction = random() < 0.15 ? 'out' : 'in';
    lines.push([
      `${idPrefix}${i}`, writeNumber(fakeNational(sender), sender), at, direction, csvField(body), csvField(`Persona ${sender}`), media,
    ].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** A valid contact sheet (Spanish headers, as volunteers' sign-up sheets come). */
export function contactsCsv({ rows, seed }: { rows: number; seed: number }): string {
  const random = seededRandom(seed);
  const states = ['CDMX', 'Nuevo León', 'Jalisco', 'Edo. de México', 'Yucatán', 'N.L.'];
  const lines = ['telefono,edad,estado,colonia'];
  for (let i = 0; i < rows; i++) {
    lines.push([writeNumber(fakeNational(i), i), String(18 + Math.floor(random() * 60)), states[i % states.length]!, csvField(`Col. ${WORDS[i % WORDS.length]}`)].join(','));
  }
  return `${lines.join('\n')}\n`;
}

export interface WarehouseProblems {
  /** Human-readable descriptions; empty when the warehouse is consistent. */
  problems: string[];
  messages: number;
  batches: number;
}

/**
 * The invariants every warehouse keeps whatever was imported or killed: each batch accounts for every
 * row it read, each stored row belongs to a recorded batch and matches its counts, no message twice.
 */
export async function checkWarehouse(warehouse: Warehouse): Promise<WarehouseProblems> {
  const problems: string[] = [];
  const count = (sql: string) => warehouse.scalar<number>(sql);
  const orphans = await count(`
    SELECT (SELECT count(*) FROM messages WHERE batch_id NOT IN (SELECT batch_id FROM import_batches))
         + (SELECT count(*) FROM rejects WHERE batch_id NOT IN (SELECT batch_id FROM import_batches))
         + (SELECT count(*) FROM system_rows WHERE batch_id NOT IN (SELECT batch_id FROM import_batches))`);
  if (orphans) problems.push(`${orphans} rows belong to no recorded batch (a partial batch)`);
  const unbalanced = await warehouse.all<{ batch_id: number; rows_read: number; total: number }>(`
    SELECT batch_id, rows_read, messages + system_rows + duplicates + rejects AS total
    FROM import_batches WHERE rows_read <> messages + system_rows + duplicates + rejects`);
  for (const b of unbalanced) problems.push(`batch ${b.batch_id}: ${b.rows_read} rows read but ${b.total} accounted for`);
  const mismatched = await warehouse.all<{ batch_id: number; what: string; recorded: number; stored: number }>(`
    WITH stored AS (
      SELECT b.batch_id, b.kind,
             b.messages AS rec_messages, (SELECT count(*) FROM messages m WHERE m.batch_id = b.batch_id) AS messages,
             b.rejects AS rec_rejects, (SELECT count(*) FROM rejects r WHERE r.batch_id = b.batch_id) AS rejects,
             b.system_rows AS rec_system, (SELECT count(*) FROM system_rows s WHERE s.batch_id = b.batch_id) AS system
      FROM import_batches b
    )
    SELECT batch_id, 'messages' AS what, rec_messages AS recorded, messages AS stored FROM stored WHERE kind = 'messages' AND rec_messages <> messages
    UNION ALL SELECT batch_id, 'rejects', rec_rejects, rejects FROM stored WHERE rec_rejects <> rejects
    UNION ALL SELECT batch_id, 'system rows', rec_system, system FROM stored WHERE rec_system <> system`);
  for (const m of mismatched) problems.push(`batch ${m.batch_id}: ${m.recorded} ${m.what} recorded, ${m.stored} stored`);
  const duplicated = await count('SELECT count(*) - count(DISTINCT message_id) FROM messages');
  if (duplicated) problems.push(`${duplicated} message ids stored twice`);
  const unfinished = await count('SELECT count(*) FROM import_batches WHERE finished_at IS NULL');
  if (unfinished) problems.push(`${unfinished} batches never finished`);
  return { problems, messages: await count('SELECT count(*) FROM messages'), batches: await count('SELECT count(*) FROM import_batches') };
}
