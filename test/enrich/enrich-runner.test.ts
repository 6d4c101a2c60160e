import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { enrichWarehouse } from '../../src/enrich/enrich-runner.ts';
import { enrichFixture, mx, type EnrichedFixture } from './enrich-fixture.ts';

let f: EnrichedFixture;

before(async () => {
  f = await enrichFixture(
    [
      // Monday 14 Sep 2026, 03:00 UTC = Sunday 13 Sep 20:00 in Tijuana (UTC-7, daylight time).
      { phone: mx('664', 1), body: 'la inseguridad en la colonia esta terrible', at: '2026-09-14T03:00:00Z', id: 'tj' },
      // The same instant in Mexico City (UTC-6 all year since 2022) and Cancún (UTC-5).
      { phone: mx('55', 2), body: 'no hay medicinas en el seguro', at: '2026-09-14T03:00:00Z', id: 'cdmx' },
      { phone: mx('998', 3), body: 'el transporte es carisimo', at: '2026-09-14T03:00:00Z', id: 'cun' },
      // Tuesday 15 Sep 2026 07:30 in Monterrey (UTC-6).
      { phone: mx('81', 4), body: 'vamos con todo 💪', at: '2026-09-15T13:30:00Z', id: 'mty' },
      { phone: mx('81', 4), body: 'vamos con todo, pero ya arreglen el agua que no llega a la colonia', at: '2026-09-15T14:30:00Z', id: 'mty2' },
      { phone: mx('81', 4), body: 'Gracias por escribirnos', at: '2026-09-15T15:00:00Z', direction: 'out', id: 'reply' },
    ],
    [{ phone: mx('33', 9), age: 30, state: 'Jalisco' }],
    { classify: true },
  );
});

after(() => f.close());

test('message_enrichment and sender_enrichment have exactly the contract columns', async () => {
  const cols = async (table: string) => (await f.context.warehouse.all<{ column_name: string; data_type: string }>(
    'SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $t ORDER BY ordinal_position', { t: table }))
    .map((c) => `${c.column_name} ${c.data_type}`);
  assert.deepEqual(await cols('message_enrichment'), [
    'message_id VARCHAR', 'sender_key VARCHAR', 'direction VARCHAR', 'sent_at TIMESTAMP WITH TIME ZONE', 'primary_issue VARCHAR',
    'issues VARCHAR[]', 'issue_source VARCHAR', 'local_time TIMESTAMP', 'local_weekday INTEGER', 'local_hour INTEGER',
    'day_part VARCHAR', 'week_part VARCHAR', 'time_slot VARCHAR', 'noise VARCHAR', 'chain_id VARCHAR', 'chain_size INTEGER',
    'optout_event VARCHAR', 'stated_age INTEGER',
  ]);
  assert.deepEqual(await cols('sender_enrichment'), [
    'sender_key VARCHAR', 'country VARCHAR', 'state_code VARCHAR', 'state_source VARCHAR', 'state_confidence DOUBLE',
    'time_zone VARCHAR', 'age INTEGER', 'age_band VARCHAR', 'age_source VARCHAR', 'age_confidence DOUBLE', 'opted_out BOOLEAN',
    'opted_out_at TIMESTAMP WITH TIME ZONE', 'optout_message_id VARCHAR',
  ]);
});

test('one row per message and one per sender, contacts without messages included', async () => {
  const { warehouse } = f.context;
  assert.equal(await warehouse.scalar('SELECT count(*) FROM message_enrichment'), 6);
  assert.equal(await warehouse.scalar('SELECT count(*) FROM sender_enrichment'), 5);
  const contact = await f.sender(mx('33', 9));
  assert.deepEqual([contact.state_code, contact.state_source, contact.age_band], ['MX-JAL', 'declared', '25-34']);
});

test("local time is the sender's wall clock in their state's zone", async () => {
  const tj = await f.message('tj');
  assert.equal((tj.local_time as Date).toISOString(), '2026-09-13T20:00:00.000Z');
  assert.deepEqual([tj.local_weekday, tj.local_hour, tj.day_part, tj.week_part, tj.time_slot], [7, 20, 'noche', 'weekend', 'weekend_noche']);
  assert.equal((await f.message('cdmx')).local_hour, 21);
  assert.equal((await f.message('cun')).local_hour, 22);
  const mty = await f.message('mty');
  assert.deepEqual([mty.local_weekday, mty.local_hour, mty.day_part, mty.time_slot], [2, 7, 'manana', 'weekday_manana']);
  assert.equal((await f.message('reply')).local_hour, 9, 'replies are timed in the contact\'s zone too');
});

test('issues come from the classifier; cheering alongside an issue is not noise', async () => {
  const issue = await f.message('mty2');
  assert.notEqual(issue.primary_issue, 'sin_tema');
  assert.ok((issue.issues as string[]).length >= 1);
  assert.equal(issue.noise, null);
  const cheer = await f.message('mty');
  assert.equal(cheer.primary_issue, 'sin_tema');
  assert.deepEqual(cheer.issues, []);
  assert.equal(cheer.noise, 'support');
});

test('each step logs one line with its rows and time; a re-run rebuilds the same tables', async () => {
  const lines = f.context.logger.lines;
  for (const step of ['text', 'chains', 'signals', 'issues', 'geography', 'age', 'message_enrichment', 'sender_enrichment']) {
    assert.ok(lines.some((l) => new RegExp(`^enrich ${step}: [\\d,]+ rows, [\\d,]+ ms$`).test(l)), step);
  }
  const before = await f.context.warehouse.all('SELECT * FROM sender_enrichment ORDER BY sender_key');
  const summary = await enrichWarehouse(f.context, { classify: false });
  assert.equal(summary.messages, 6);
  assert.deepEqual(await f.context.warehouse.all('SELECT * FROM sender_enrichment ORDER BY sender_key'), before);
  const temp = await f.context.warehouse.scalar(
    "SELECT count(*) FROM duckdb_tables() WHERE temporary AND regexp_matches(table_name, '^(enrich|chain|ref)_')");
  assert.equal(temp, 0, 'working tables are dropped');
});

test('an empty warehouse enriches to empty tables; contacts alone still get a row', async () => {
  const empty = await enrichFixture([], [{ phone: mx('81', 1), age: 40 }]);
  try {
    assert.equal(await empty.context.warehouse.scalar('SELECT count(*) FROM message_enrichment'), 0);
    const s = await empty.sender(mx('81', 1));
    assert.deepEqual([s.state_code, s.state_source, s.age_band, s.opted_out], ['MX-NLE', 'area_code', '35-44', false]);
  } finally {
    empty.close();
  }
});

test('a home_country with no reference data is a one-line configuration error', async () => {
  await assert.rejects(enrichFixture([{ phone: mx('81', 1), body: 'hola' }], [], { settings: { home_country: 'zz' } }),
    (error: Error) => error.name === 'ConfigError' && /home_country 'zz'/.test(error.message));
});
