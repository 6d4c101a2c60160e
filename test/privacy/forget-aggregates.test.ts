import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { openContext, type BuzonContext } from '../../src/db/context.ts';
import { quoteIdent, quoteLiteral } from '../../src/db/sql-identifiers.ts';
import { WarehouseKey } from '../../src/db/warehouse-key.ts';
import { enrichWarehouse } from '../../src/enrich/enrich-runner.ts';
import { generateSample } from '../../src/generate/sample-generator.ts';
import { importContactsFile } from '../../src/import/contacts-importer.ts';
import { importMessageFiles } from '../../src/import/import-runner.ts';
import { normalisePhone } from '../../src/import/phone-normaliser.ts';
import { forgetPerson } from '../../src/privacy/forget-runner.ts';
import { buildModels } from '../../src/segment/sql-runner.ts';
import { tempDir } from '../helpers.ts';

/**
 * The strongest check that aggregates no longer count a forgotten person: a warehouse that imported
 * everyone and then forgot one person has exactly the segment tables of a warehouse that never saw
 * them (same key, so the same sender keys).
 */
test('after forget, every model table equals the one built from data that never had the person', async () => {
  const dir = tempDir('buzon-forget-');
  const sample = await generateSample({ messages: 1_500, seed: 5, outDir: join(dir, 'data'), hours: 72 });
  const lines = readFileSync(sample.messagesFile, 'utf8').split('\n');
  const senderOf = (line: string) => {
    const phone = normalisePhone(line.split(',')[1] ?? '');
    return phone.ok ? phone.e164 : undefined;
  };
  const person = senderOf(lines[1]!)!;
  const without = join(dir, 'without.csv');
  writeFileSync(without, `${[lines[0]!, ...lines.slice(1).filter((l) => l && senderOf(l) !== person)].join('\n')}\n`);
  assert.ok(lines.filter((l) => senderOf(l) === person).length >= 2, 'the person wrote more than once');

  const key = WarehouseKey.random();
  const build = async (name: string, file: string): Promise<BuzonContext> => {
    const context = await openContext({ db: join(dir, name), logger: createMemoryLogger(), key });
    await importMessageFiles(context, [file]);
    await importContactsFile(context, sample.contactsFile);
    await enrichWarehouse(context);
    await buildModels(context);
    return context;
  };
  const everyone = await build('everyone.duckdb', sample.messagesFile);
  const summary = await forgetPerson(everyone, person, { compact: false });
  assert.ok(summary.messages >= 2 && summary.rebuiltModels > 5, JSON.stringify(summary));
  const models = (await everyone.warehouse.all<{ name: string }>(`
    SELECT DISTINCT r.model AS name FROM model_runs r
    JOIN information_schema.tables t ON t.table_name = r.model AND t.table_schema = 'main' AND t.table_type = 'BASE TABLE'
    ORDER BY 1`)).map((r) => r.name);
  everyone.warehouse.close();

  const never = await build('never.duckdb', without);
  await never.warehouse.run(`ATTACH ${quoteLiteral(join(dir, 'everyone.duckdb'))} AS everyone (READ_ONLY)`);
  const differing: string[] = [];
  for (const model of models) {
    const here = `main.${quoteIdent(model)}`;
    const there = `everyone.main.${quoteIdent(model)}`;
    const diff = await never.warehouse.scalar<number>(`SELECT
      (SELECT count(*) FROM (SELECT * FROM ${here} EXCEPT ALL SELECT * FROM ${there})) +
      (SELECT count(*) FROM (SELECT * FROM ${there} EXCEPT ALL SELECT * FROM ${here}))`);
    if (diff) differing.push(`${model}: ${diff} rows differ`);
  }
  never.warehouse.close();
  assert.ok(models.length >= 8, `models compared: ${models.join(', ')}`);
  assert.deepEqual(differing, []);
});
