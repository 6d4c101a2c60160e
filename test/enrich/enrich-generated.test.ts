/**
 * The targets, on generated data with ground truth, from a seed the rules were never tuned on.
 * Issue classification is off here (the classifier has its own tests); nothing measured below depends on it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { openContext, type BuzonContext } from '../../src/db/context.ts';
import { enrichWarehouse } from '../../src/enrich/enrich-runner.ts';
import { generateSample } from '../../src/generate/sample-generator.ts';
import { importContactsFile } from '../../src/import/contacts-importer.ts';
import { importMessageFiles } from '../../src/import/import-runner.ts';

const MESSAGES = 20_000;
const SEED = 424_242;

let dir: string;
let context: BuzonContext;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'buzon-enrich-'));
  const sample = await generateSample({ messages: MESSAGES, seed: SEED, outDir: dir });
  context = await openContext({ db: ':memory:', logger: createMemoryLogger() });
  await importMessageFiles(context, [sample.messagesFile]);
  await importContactsFile(context, sample.contactsFile);
  await enrichWarehouse(context, { classify: false });
  await context.warehouse.run('CREATE TEMP TABLE truth AS SELECT * FROM read_csv($f, all_varchar = true)', { f: sample.truthFile });
});

after(() => {
  context?.warehouse.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const scalar = (sql: string) => context.warehouse.scalar<number>(sql);

test('state: right for >= 95% of senders wherever a signal points to one state', async () => {
  const rows = await context.warehouse.all<{ kind: string; senders: number; accuracy: number }>(`
    WITH t AS (SELECT DISTINCT m.sender_key, t.state FROM truth t JOIN messages m USING (message_id) WHERE coalesce(t.state, '') <> '')
    SELECT CASE WHEN s.state_confidence < 0.5 THEN 'shared area code' ELSE 'single-state signal' END AS kind,
           count(*) AS senders, avg((s.state_code IS NOT DISTINCT FROM t.state)::INTEGER) AS accuracy
    FROM t JOIN sender_enrichment s USING (sender_key) GROUP BY ALL`);
  const single = rows.find((r) => r.kind === 'single-state signal')!;
  assert.ok(single.senders > 3000 && single.accuracy >= 0.95, JSON.stringify(rows));
  // A number in an area code two states share (55: Mexico City and the State of Mexico) is a guess, and says so.
  const overall = rows.reduce((a, r) => a + r.accuracy * r.senders, 0) / rows.reduce((a, r) => a + r.senders, 0);
  assert.ok(overall >= 0.9, JSON.stringify(rows));
});

test('age band: right for >= 95% of senders with a declared or stated age', async () => {
  const accuracy = await scalar(`
    WITH t AS (SELECT DISTINCT m.sender_key, t.age_band FROM truth t JOIN messages m USING (message_id) WHERE coalesce(t.age_band, '') <> '')
    SELECT avg((s.age_band IS NOT DISTINCT FROM t.age_band)::INTEGER) FROM t JOIN sender_enrichment s USING (sender_key)`);
  assert.ok(accuracy >= 0.95, `age band accuracy ${accuracy}`);
});

test('chains: pair precision and recall >= 0.9', async () => {
  const { precision, recall } = (await context.warehouse.one<{ precision: number; recall: number }>(`
    WITH j AS (SELECT nullif(t.chain, '') AS tc, e.chain_id AS pc FROM truth t JOIN message_enrichment e USING (message_id)),
    pairs AS (SELECT sum(n * (n - 1) / 2) AS v FROM (SELECT count(*) AS n FROM j WHERE tc IS NOT NULL AND pc IS NOT NULL GROUP BY tc, pc)),
    predicted AS (SELECT sum(n * (n - 1) / 2) AS v FROM (SELECT count(*) AS n FROM j WHERE pc IS NOT NULL GROUP BY pc)),
    actual AS (SELECT sum(n * (n - 1) / 2) AS v FROM (SELECT count(*) AS n FROM j WHERE tc IS NOT NULL GROUP BY tc))
    SELECT pairs.v / predicted.v AS precision, pairs.v / actual.v AS recall FROM pairs, predicted, actual`))!;
  assert.ok(precision >= 0.9 && recall >= 0.9, `precision ${precision}, recall ${recall}`);
});

test('opt-outs: recall >= 0.98 with precision >= 0.95; opted-out senders are the ones whose last word was an opt-out', async () => {
  const { recall, precision } = (await context.warehouse.one<{ recall: number; precision: number }>(`
    SELECT count(*) FILTER (WHERE t.optout = '1' AND e.optout_event = 'optout') / count(*) FILTER (WHERE t.optout = '1') AS recall,
           count(*) FILTER (WHERE t.optout = '1' AND e.optout_event = 'optout') / count(*) FILTER (WHERE e.optout_event = 'optout') AS precision
    FROM truth t JOIN message_enrichment e USING (message_id)`))!;
  assert.ok(recall >= 0.98 && precision >= 0.95, `recall ${recall}, precision ${precision}`);
  const mismatched = await scalar(`
    WITH last AS (
      SELECT m.sender_key, arg_max(t.optout, m.sent_at) AS last_event
      FROM truth t JOIN messages m USING (message_id) WHERE coalesce(t.optout, '') <> '' GROUP BY m.sender_key
    )
    SELECT count(*) FROM sender_enrichment s LEFT JOIN last l USING (sender_key)
    WHERE s.opted_out <> coalesce(l.last_event = '1', false)`);
  assert.equal(mismatched, 0);
});
