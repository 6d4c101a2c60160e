/**
 * Silos on generated data, enriched by `buzon enrich`, against the generator's ground truth:
 * each contact's primary issue, state and age band as the truth file says them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { openContext, type BuzonContext } from '../../src/db/context.ts';
import { generateSample } from '../../src/generate/sample-generator.ts';
import { importContactsFile } from '../../src/import/contacts-importer.ts';
import { importMessageFiles } from '../../src/import/import-runner.ts';
import { buildModels } from '../../src/segment/sql-runner.ts';
import { siloAgreement } from './silo-agreement.ts';

const ENRICH = new URL('../../src/enrich/enrich-runner.ts', import.meta.url);
const CLASSIFIER = new URL('../../src/enrich/issue-classifier.ts', import.meta.url);
const missing = [ENRICH, CLASSIFIER].filter((m) => !existsSync(m)).map((m) => m.pathname.split('/').pop());

test('silos agree with the ground truth for at least 90% of contacts with known attributes', {
  skip: missing.length ? `needs enrichment (${missing.join(', ')} not there yet)` : false,
}, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'buzon-silos-'));
  const sample = await generateSample({ messages: 20_000, seed: 2027, outDir: dir });
  const context = await openContext({ db: ':memory:', logger: createMemoryLogger() });
  await importMessageFiles(context, [sample.messagesFile]);
  await importContactsFile(context, sample.contactsFile);
  const { enrichWarehouse } = (await import(ENRICH.href)) as { enrichWarehouse: (c: BuzonContext) => Promise<unknown> };
  await enrichWarehouse(context);
  await buildModels(context);
  const agreement = await siloAgreement(context, sample.truthFile);
  t.diagnostic(`silo agreement ${JSON.stringify(agreement)}`);
  assert.ok(agreement.known > 300, `enough contacts with a known age band: ${agreement.known}`);
  assert.ok(agreement.silo >= 0.9, `silo agreement ${(agreement.silo * 100).toFixed(1)}% (issue ${(agreement.issue * 100).toFixed(1)}%, state ${(agreement.state * 100).toFixed(1)}%, age band ${(agreement.ageBand * 100).toFixed(1)}%)`);
  // Partition: every reachable contact in exactly one silo.
  const partition = await context.warehouse.one<{ members: number; distinct_members: number; reachable: number }>(`
    SELECT (SELECT count(*) FROM audience_members) AS members,
           (SELECT count(DISTINCT sender_key) FROM audience_members) AS distinct_members,
           (SELECT count(*) FROM contact_profile WHERE messages_in > 0 AND NOT opted_out AND NOT noise_only) AS reachable`);
  assert.equal(partition!.members, partition!.distinct_members);
  assert.equal(partition!.members, partition!.reachable);
  context.warehouse.close();
  rmSync(dir, { recursive: true });
});
