/**
 * Small hand-written warehouses for the enrichment tests: senders by phone number, their messages and
 * contact-sheet rows, written straight into the spine tables (the importer has its own tests).
 * All numbers are invented.
 */
import { createMemoryLogger, type MemoryLogger } from '../../src/core/logger.ts';
import { openContext, type BuzonContext } from '../../src/db/context.ts';
import { enrichWarehouse, type EnrichOptions, type EnrichSummary } from '../../src/enrich/enrich-runner.ts';

export interface FixtureMessage {
  /** E.164 of the sender (inbound) or of the contact written to (outbound). */
  phone: string;
  body?: string | null;
  media?: string | null;
  /** ISO instant with offset, e.g. '2026-09-15T03:00:00Z'. */
  at?: string;
  direction?: 'in' | 'out';
  id?: string;
}

export interface FixtureContact {
  phone: string;
  age?: number;
  birthYear?: number;
  state?: string;
}

export interface EnrichedFixture {
  context: BuzonContext & { logger: MemoryLogger };
  summary: EnrichSummary;
  /** message_enrichment row of a message id. */
  message(id: string): Promise<Record<string, unknown>>;
  /** sender_enrichment row of a phone number. */
  sender(phone: string): Promise<Record<string, unknown>>;
  close(): void;
}

let counter = 0;

/** Builds an in-memory warehouse from the fixture, runs `buzon enrich` on it and returns lookups. */
export async function enrichFixture(
  messages: FixtureMessage[], contacts: FixtureContact[] = [], options: EnrichOptions & { settings?: Record<string, string> } = {},
): Promise<EnrichedFixture> {
  const logger = createMemoryLogger();
  const context = (await openContext({ db: ':memory:', logger })) as BuzonContext & { logger: MemoryLogger };
  const { warehouse, key } = context;
  for (const [k, v] of Object.entries(options.settings ?? {})) {
    await warehouse.run('INSERT OR REPLACE INTO settings VALUES ($k, $v)', { k, v });
  }
  const phones = new Set([...messages.map((m) => m.phone), ...contacts.map((c) => c.phone)]);
  for (const phone of phones) {
    await warehouse.run('INSERT INTO contact_phones VALUES ($k, $p, 1)', { k: key.senderKey(phone), p: phone });
  }
  let line = 0;
  for (const m of messages) {
    line += 1;
    await warehouse.run(
      `INSERT INTO messages (message_id, content_key, sender_key, sender_name, sender_resolved, sent_at, direction, body, media,
                             batch_id, source_file, source_line)
       VALUES ($id, $id, $sender, NULL, true, $at::TIMESTAMPTZ, $dir, $body, $media, 1, 'fixture.csv', $line)`,
      {
        id: m.id ?? `m${++counter}`, sender: key.senderKey(m.phone), at: m.at ?? `2026-09-14T${String(10 + (line % 10)).padStart(2, '0')}:00:00Z`,
        dir: m.direction ?? 'in', body: m.body ?? null, media: m.media ?? null, line,
      },
    );
  }
  for (const c of contacts) {
    await warehouse.run(
      `INSERT INTO contacts (sender_key, age, birth_year, state_declared, attributes, batch_id, updated_at)
       VALUES ($k, $age, $by, $state, NULL, 2, now())`,
      { k: key.senderKey(c.phone), age: c.age ?? null, by: c.birthYear ?? null, state: c.state ?? null },
    );
  }
  let summary: EnrichSummary;
  try {
    summary = await enrichWarehouse(context, { classify: options.classify ?? false, dataRoot: options.dataRoot });
  } catch (error) {
    warehouse.close();
    throw error;
  }
  return {
    context,
    summary,
    async message(id) {
      const row = await warehouse.one('SELECT * FROM message_enrichment WHERE message_id = $id', { id });
      if (!row) throw new Error(`no message_enrichment row for ${id}`);
      return row;
    },
    async sender(phone) {
      const row = await warehouse.one('SELECT * FROM sender_enrichment WHERE sender_key = $k', { k: key.senderKey(phone) });
      if (!row) throw new Error(`no sender_enrichment row for ${phone}`);
      return row;
    },
    close: () => warehouse.close(),
  };
}

/** Invented Mexican mobile numbers: +52 + lada + filler digits up to 10 national digits. */
export function mx(lada: string, n = 1): string {
  return `+52${lada}${String(n).padStart(10 - lada.length, '0')}`;
}
