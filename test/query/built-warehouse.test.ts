/**
 * The analyst layer on a warehouse built the way a user builds one: generated sample data,
 * imported, enriched and built. Checks the README's analyst queries, the Kysely Database
 * interface against DuckDB's catalogue, and the views for phone numbers.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DATABASE_COLUMNS } from '../../src/db/database-types.ts';
import { quoteIdent } from '../../src/db/sql-identifiers.ts';
import { enrichWarehouse } from '../../src/enrich/enrich-runner.ts';
import { generateSample } from '../../src/generate/sample-generator.ts';
import { importContactsFile } from '../../src/import/contacts-importer.ts';
import { importMessageFiles } from '../../src/import/import-runner.ts';
import { DATA_DICTIONARY } from '../../src/query/data-dictionary.ts';
import { readDictionary } from '../../src/query/dictionary-writer.ts';
import { runQuery } from '../../src/query/query-runner.ts';
import { buildModels } from '../../src/segment/sql-runner.ts';
import { memoryContext, tempDir } from '../helpers.ts';

const dir = tempDir();
const sample = await generateSample({ messages: 5_000, seed: 7, outDir: dir, hours: 7 * 24 });
const context = await memoryContext();
await importMessageFiles(context, [sample.messagesFile]);
await importContactsFile(context, sample.contactsFile);
await enrichWarehouse(context);
await buildModels(context);
const { warehouse } = context;

/** The ```sql blocks between the README's analysts markers. */
export function readmeAnalystQueries(readme: string): string[] {
  const start = readme.indexOf('<!-- analysts:start -->');
  const end = readme.indexOf('<!-- analysts:end -->');
  assert.ok(start >= 0 && end > start, 'README.md has the analysts section markers');
  return [...readme.slice(start, end).matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

test("the README's ten analyst queries run and return rows", async () => {
  const readme = readFileSync(join(new URL('../../', import.meta.url).pathname, 'README.md'), 'utf8');
  const queries = readmeAnalystQueries(readme);
  assert.equal(queries.length, 10);
  for (const sql of queries) {
    const result = await runQuery(context, sql);
    assert.ok(result.rows.length > 0, `returns rows:\n${sql}`);
    assert.match(sql, /\bv_[a-z_]+/, 'reads an analyst view');
  }
  assert.match(readme, /DuckDB CLI v1\.5\.6/);
  assert.equal(await warehouse.scalar('SELECT version()'), 'v1.5.6', 'the DuckDB version the README names');
});

test('the Kysely Database interface lists every table and view with their columns', async () => {
  const rows = await warehouse.all<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = 'main' AND table_catalog = current_database() ORDER BY table_name, ordinal_position`);
  const catalog: Record<string, string[]> = {};
  for (const r of rows) (catalog[r.table_name] ??= []).push(r.column_name);
  const declared = Object.fromEntries(Object.entries(DATABASE_COLUMNS).map(([t, cols]) => [t, [...cols]]));
  assert.deepEqual(Object.keys(declared).sort(), Object.keys(catalog).sort(), 'tables and views in src/db/database-types.ts vs the warehouse');
  for (const table of Object.keys(catalog)) assert.deepEqual(declared[table], catalog[table], `${table} columns`);
});

test('on generated data no view holds a phone number and the dictionary matches the views', async () => {
  const nationals = (await warehouse.all<{ n: string }>("SELECT right(e164, 10) AS n FROM contact_phones WHERE e164 LIKE '+52%'")).map((r) => r.n);
  assert.ok(nationals.length > 100);
  const needles = new Set(nationals);
  // Digit runs are read per value (separators allowed, letters not), so random digits spread
  // over a row's columns or inside a hex pseudonym cannot add up to a false phone number.
  for (const { name } of DATA_DICTIONARY) {
    const rows = await warehouse.all<Record<string, unknown>>(`SELECT * FROM ${quoteIdent(name)}`);
    for (const row of rows) {
      for (const value of Object.values(row)) {
        for (const run of String(value).match(/\d[\d ()\-.]*\d/g) ?? []) {
          const digits = run.replace(/\D/g, '');
          for (let i = 0; i + 10 <= digits.length; i++) assert.ok(!needles.has(digits.slice(i, i + 10)), `${name} holds a phone number: ${run}`);
        }
      }
    }
  }
  assert.deepEqual((await readDictionary(context)).drift, []);
});
