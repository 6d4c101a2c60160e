/**
 * A small warehouse for the analyst-layer tests: real imports of generated CSVs, the enrichment
 * contract tables filled by plain SQL from the contract's columns (so these tests do not depend on
 * the enrichment engine), then `buzon build`'s models: the segment tables and the analyst views.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { openContext, type BuzonContext } from '../../src/db/context.ts';
import { importContactsFile } from '../../src/import/contacts-importer.ts';
import { importMessageFiles } from '../../src/import/import-runner.ts';
import { DEFAULT_MODELS_DIR } from '../../src/segment/model-catalog.ts';
import { buildModels } from '../../src/segment/sql-runner.ts';

export const VIEWS_DIR = DEFAULT_MODELS_DIR;

/** k for the fixture: small, so some cells are suppressed and some are not. */
export const FIXTURE_K = 3;
export const SENDERS = 12;
const STATES = ['MX-NLE', 'MX-CMX', 'MX-JAL'];
const AGES = [23, 41, 70];
/** body, with the issues the fixture's "enrichment" finds in it. */
const BODIES = [
  'hay mucha inseguridad en mi colonia',
  'no llega el agua desde el lunes',
  'el hospital no tiene medicinas',
  'falta agua y hay asaltos cada noche',
  'hola buenas tardes',
  'la inseguridad sigue igual, ¿qué van a hacer?',
];

/** The phone of fixture sender i, as the CSVs write it. */
export function fixturePhone(i: number): string {
  return `+52 81 1234 ${String(5600 + i)}`;
}

export function fixtureE164(i: number): string {
  return `+52811234${String(5600 + i)}`;
}

export function writeFixtureFiles(dir: string): { messages: string; contacts: string } {
  const lines = ['message_id,sender,sent_at,direction,body,media'];
  let n = 0;
  for (let i = 0; i < SENDERS; i++) {
    const count = 4 + ((i * 7) % 9);
    for (let j = 0; j < count; j++) {
      n += 1;
      const day = 28 + ((i + j) % 6); // 28 Sept .. 3 Oct 2026: two months
      const date = day <= 30 ? `2026-09-${day}` : `2026-10-0${day - 30}`;
      const hour = String((7 + i * 3 + j * 5) % 24).padStart(2, '0');
      const body = BODIES[(i + j) % BODIES.length]!;
      lines.push(`m${n},${fixturePhone(i)},${date}T${hour}:15:00-06:00,in,"${body}",`);
    }
  }
  lines.push(`m${++n},${fixturePhone(0)},2026-09-30T20:00:00-06:00,in,"mi otro número es 55 1234 5678 llámenme",`);
  lines.push(`m${++n},${fixturePhone(1)},2026-09-30T21:00:00-06:00,in,"baja",`);
  lines.push(`m${++n},${fixturePhone(2)},2026-09-30T22:00:00-06:00,in,,image`);
  lines.push(`m${++n},${fixturePhone(0)},2026-09-30T22:30:00-06:00,out,"Gracias por escribir; lo turnamos a seguridad",`);
  lines.push(`m${++n},not-a-phone,2026-09-30T22:30:00-06:00,in,"sin remitente",`);
  const messages = join(dir, 'messages.csv');
  writeFileSync(messages, `${lines.join('\n')}\n`);
  const contacts = ['sender,age,state_declared,telefono_casa,colonia'];
  for (let i = 0; i < 9; i++) contacts.push(`${fixturePhone(i)},${AGES[i % 3]},${STATES[i % 3]},55 8765 ${4300 + i},Centro`);
  const contactsFile = join(dir, 'contacts.csv');
  writeFileSync(contactsFile, `${contacts.join('\n')}\n`);
  return { messages, contacts: contactsFile };
}

/** Imports the fixture files, fills the contract tables and creates the analyst views. */
export async function buildAnalystFixture(context: BuzonContext, dir: string): Promise<void> {
  const files = writeFixtureFiles(dir);
  await importMessageFiles(context, [files.messages]);
  await importContactsFile(context, files.contacts);
  await createEnrichmentTables(context);
  await buildModels(context);
}

export async function createEnrichmentTables(context: BuzonContext): Promise<void> {
  const { warehouse } = context;
  await warehouse.run("UPDATE settings SET value = $k WHERE key = 'k_anonymity'", { k: String(FIXTURE_K) });
  await warehouse.run(`
    CREATE OR REPLACE TABLE message_enrichment AS
    WITH base AS (
      SELECT m.*, timezone('America/Mexico_City', m.sent_at) AS lt,
        list_filter([
          CASE WHEN body ILIKE '%insegur%' OR body ILIKE '%asalto%' THEN 'seguridad' END,
          CASE WHEN body ILIKE '%agua%' THEN 'agua' END,
          CASE WHEN body ILIKE '%hospital%' THEN 'salud' END], x -> x IS NOT NULL) AS found
      FROM messages m)
    SELECT message_id, sender_key, direction, sent_at,
      CASE WHEN direction = 'in' THEN coalesce(found[1], 'sin_tema') ELSE 'sin_tema' END AS primary_issue,
      CASE WHEN direction = 'in' THEN found ELSE []::VARCHAR[] END AS issues,
      CASE WHEN len(found) > 0 AND direction = 'in' THEN 'rules' END AS issue_source,
      lt AS local_time, isodow(lt)::INTEGER AS local_weekday, hour(lt)::INTEGER AS local_hour,
      CASE WHEN hour(lt) < 6 THEN 'madrugada' WHEN hour(lt) < 12 THEN 'manana' WHEN hour(lt) < 19 THEN 'tarde' ELSE 'noche' END AS day_part,
      CASE WHEN isodow(lt) >= 6 THEN 'weekend' ELSE 'weekday' END AS week_part,
      (CASE WHEN isodow(lt) >= 6 THEN 'weekend' ELSE 'weekday' END) || '_' ||
      (CASE WHEN hour(lt) < 6 THEN 'madrugada' WHEN hour(lt) < 12 THEN 'manana' WHEN hour(lt) < 19 THEN 'tarde' ELSE 'noche' END) AS time_slot,
      CASE WHEN media IS NOT NULL THEN 'media' WHEN body ILIKE 'hola%' THEN 'greeting' END AS noise,
      NULL::VARCHAR AS chain_id, 1 AS chain_size,
      CASE WHEN lower(body) = 'baja' THEN 'optout' END AS optout_event,
      NULL::INTEGER AS stated_age
    FROM base`);
  await warehouse.run(`
    CREATE OR REPLACE TABLE message_issues AS
    SELECT message_id, unnest(issues) AS issue, 1.0::DOUBLE AS confidence, 'rules' AS source FROM message_enrichment`);
  await warehouse.run(`
    CREATE OR REPLACE TABLE sender_enrichment AS
    SELECT s.sender_key, 'MX' AS country, c.state_declared AS state_code,
      CASE WHEN c.state_declared IS NOT NULL THEN 'declared' END AS state_source,
      CASE WHEN c.state_declared IS NOT NULL THEN 1.0 ELSE 0.0 END::DOUBLE AS state_confidence,
      'America/Mexico_City' AS time_zone, c.age,
      CASE WHEN c.age < 25 THEN '18-24' WHEN c.age < 45 THEN '35-44' WHEN c.age IS NOT NULL THEN '65+' END AS age_band,
      CASE WHEN c.age IS NOT NULL THEN 'declared' END AS age_source,
      CASE WHEN c.age IS NOT NULL THEN 1.0 ELSE 0.0 END::DOUBLE AS age_confidence,
      o.message_id IS NOT NULL AS opted_out, o.sent_at AS opted_out_at, o.message_id AS optout_message_id
    FROM (SELECT DISTINCT sender_key FROM messages) s
    LEFT JOIN contacts c USING (sender_key)
    LEFT JOIN (SELECT sender_key, message_id, sent_at FROM message_enrichment WHERE optout_event = 'optout') o USING (sender_key)`);
}

/** The fixture in a warehouse file (for CLI tests); returns its path. */
export async function buildFixtureWarehouse(dir: string): Promise<string> {
  const db = join(dir, 'buzon.duckdb');
  const context = await openContext({ db, logger: createMemoryLogger() });
  try {
    await buildAnalystFixture(context, dir);
    await context.warehouse.checkpoint();
  } finally {
    context.warehouse.close();
  }
  return db;
}
