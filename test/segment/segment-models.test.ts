import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { openContext, type BuzonContext } from '../../src/db/context.ts';
import { buildModels } from '../../src/segment/sql-runner.ts';
import { addSyntheticBatch, fixtureSenderKey, loadSegmentFixture, setK } from './segment-fixture.ts';

async function fixtureWarehouse(k = 3): Promise<BuzonContext> {
  const ctx = await openContext({ db: ':memory:', logger: createMemoryLogger() });
  await loadSegmentFixture(ctx);
  await setK(ctx.warehouse, k);
  await buildModels(ctx);
  return ctx;
}

const key = fixtureSenderKey;

test('contact_profile: activity, ranked issues, provenance, opt-out, noise-only and best send window per contact', async () => {
  const ctx = await fixtureWarehouse();
  const profiles = new Map((await ctx.warehouse.all('SELECT * FROM contact_profile')).map((p) => [p.sender_key as string, p]));
  assert.equal(profiles.size, 9);

  const ana = profiles.get(key('ana'))!;
  assert.equal(ana.messages_in, 3);
  assert.equal(ana.messages_out, 1);
  assert.equal((ana.first_seen as Date).toISOString(), '2026-09-14T15:00:00.000Z');
  assert.equal((ana.last_seen as Date).toISOString(), '2026-09-19T02:00:00.000Z', 'last inbound message, not the reply');
  // seguridad and agua tie on labels (2 each); seguridad was the primary issue of more messages.
  assert.equal(ana.primary_issue, 'seguridad');
  assert.deepEqual(ana.issue_ranking, [{ issue: 'seguridad', share: 0.5 }, { issue: 'agua', share: 0.5 }]);
  assert.deepEqual([ana.state_code, ana.state_source, ana.state_confidence, ana.age_band, ana.age_source], ['MX-NLE', 'declared', 1, '25-34', 'declared']);
  // Two of her three messages came on a weekday morning, Monterrey time.
  assert.deepEqual([ana.best_week_part, ana.best_day_part], ['weekday', 'manana']);

  const carla = profiles.get(key('carla'))!;
  assert.deepEqual(carla.issue_ranking, [{ issue: 'seguridad', share: 2 / 3 }, { issue: 'economia', share: 1 / 3 }]);
  // One message on Saturday afternoon, one on Sunday morning: the latest wins the tie.
  assert.deepEqual([carla.best_week_part, carla.best_day_part], ['weekend', 'manana']);
  assert.equal(carla.age_band, '25-34');

  const beto = profiles.get(key('beto'))!;
  assert.deepEqual([beto.primary_issue, beto.noise_only, beto.best_week_part, beto.best_day_part, beto.age_source], ['seguridad', false, 'weekday', 'noche', 'message']);

  const fer = profiles.get(key('fer'))!;
  assert.deepEqual([fer.state_code, fer.state_source, fer.age_band, fer.age_source], ['desconocido', null, 'desconocido', null]);

  const gabo = profiles.get(key('gabo'))!;
  assert.deepEqual([gabo.primary_issue, gabo.issue_ranking, gabo.noise_only], ['sin_tema', [], true]);

  assert.equal(profiles.get(key('elena'))!.opted_out, true);
  assert.equal(profiles.get(key('dani'))!.opted_out, false);
  ctx.warehouse.close();
});

test('audience silos: reachable contacts only, one silo each, suppressed below k', async () => {
  const ctx = await fixtureWarehouse(3);
  const silos = await ctx.warehouse.all('SELECT silo_key, contacts, suppressed FROM audience_silos ORDER BY silo_key');
  assert.deepEqual(silos, [
    { silo_key: 'agua:MX-NLE:25-34', contacts: 1, suppressed: true },
    { silo_key: 'educacion:MX-CMX:18-24', contacts: 1, suppressed: true },
    { silo_key: 'seguridad:MX-NLE:25-34', contacts: 4, suppressed: false },
    { silo_key: 'transporte:desconocido:desconocido', contacts: 1, suppressed: true },
  ]);
  const members = await ctx.warehouse.all<{ sender_key: string }>('SELECT sender_key FROM audience_members');
  const keys = members.map((m) => m.sender_key);
  assert.ok(!keys.includes(key('elena')), 'opted out');
  assert.ok(!keys.includes(key('gabo')), 'noise only');
  assert.equal(keys.length, 7);
  ctx.warehouse.close();
});

test('response_backlog: answered when a reply followed, median minutes to the first later reply, by campaign day', async () => {
  const ctx = await fixtureWarehouse(3);
  const rows = await ctx.warehouse.all(`
    SELECT issue, state_code, strftime(day, '%Y-%m-%d') AS day, inbound, answered, unanswered, median_minutes_to_reply, senders
    FROM response_backlog WHERE issue IN ('seguridad', 'transporte') ORDER BY issue, day`);
  assert.deepEqual(rows, [
    // ana at 15:00 and 16:00 UTC, answered 16:30; beto's two that evening (his local day) never answered.
    { issue: 'seguridad', state_code: 'MX-NLE', day: '2026-09-14', inbound: 4, answered: 2, unanswered: 2, median_minutes_to_reply: 60, senders: 2 },
    { issue: 'seguridad', state_code: 'MX-NLE', day: '2026-09-15', inbound: 2, answered: 0, unanswered: 2, median_minutes_to_reply: null, senders: 1 },
    { issue: 'seguridad', state_code: 'MX-NLE', day: '2026-09-19', inbound: 1, answered: 1, unanswered: 0, median_minutes_to_reply: 5, senders: 1 },
    { issue: 'seguridad', state_code: 'MX-NLE', day: '2026-09-20', inbound: 1, answered: 0, unanswered: 1, median_minutes_to_reply: null, senders: 1 },
    { issue: 'transporte', state_code: 'desconocido', day: '2026-09-16', inbound: 1, answered: 1, unanswered: 0, median_minutes_to_reply: 10, senders: 1 },
  ]);
  ctx.warehouse.close();
});

type Enriched = {
  sender_key: string;
  issues: string[];
  local_weekday: number;
  local_hour: number;
  time_slot: string;
  state_code: string | null;
  age_band: string | null;
};

/** Messages and distinct senders per cell, computed in JS from the enrichment tables, not from any model. */
function expectedCells(rows: Enriched[], dims: (r: Enriched, issue: string) => unknown[], perIssue: boolean, k: number) {
  const cells = new Map<string, { messages: number; senders: Set<string> }>();
  for (const row of rows) {
    const labels = [...new Set(row.issues.filter((i) => i !== 'sin_tema'))];
    for (const issue of perIssue ? (labels.length ? labels : ['sin_tema']) : ['']) {
      const cell = JSON.stringify(dims(row, issue));
      const entry = cells.get(cell) ?? { messages: 0, senders: new Set<string>() };
      entry.messages++;
      entry.senders.add(row.sender_key);
      cells.set(cell, entry);
    }
  }
  return new Map([...cells].map(([cell, e]) => [cell, { messages: e.messages, senders: e.senders.size, suppressed: e.senders.size < k }]));
}

test('every segment table equals counts computed independently from the enrichment tables', async () => {
  const ctx = await openContext({ db: ':memory:', logger: createMemoryLogger() });
  await addSyntheticBatch(ctx, { messages: 4000, senders: 700, seed: 7 });
  await setK(ctx.warehouse, 5);
  await buildModels(ctx);
  const rows = await ctx.warehouse.all<Enriched>(`
    SELECT m.sender_key, m.issues, m.local_weekday, m.local_hour, m.time_slot, s.state_code, s.age_band
    FROM message_enrichment m LEFT JOIN sender_enrichment s USING (sender_key) WHERE m.direction = 'in'`);
  const state = (r: Enriched) => r.state_code ?? 'desconocido';
  const age = (r: Enriched) => r.age_band ?? 'desconocido';
  const tables: Array<[string, string[], (r: Enriched, issue: string) => unknown[], boolean]> = [
    ['segment_issue_state', ['issue', 'state_code'], (r, i) => [i, state(r)], true],
    ['segment_issue_age', ['issue', 'age_band'], (r, i) => [i, age(r)], true],
    ['segment_issue_time_of_week', ['issue', 'local_weekday', 'local_hour', 'time_slot'], (r, i) => [i, r.local_weekday, r.local_hour, r.time_slot], true],
    ['segment_cube', ['issue', 'age_band', 'state_code', 'time_slot'], (r, i) => [i, age(r), state(r), r.time_slot], true],
    ['segment_state_time_of_week', ['state_code', 'local_weekday', 'local_hour', 'time_slot'], (r) => [state(r), r.local_weekday, r.local_hour, r.time_slot], false],
  ];
  for (const [table, dims, dimsOf, perIssue] of tables) {
    const expected = expectedCells(rows, dimsOf, perIssue, 5);
    const actual = await ctx.warehouse.all<Record<string, unknown>>(`SELECT * FROM ${table}`);
    assert.equal(actual.length, expected.size, `${table}: number of cells`);
    let suppressed = 0;
    for (const row of actual) {
      const cell = JSON.stringify(dims.map((d) => row[d]));
      assert.deepEqual({ messages: row.messages, senders: row.senders, suppressed: row.suppressed }, expected.get(cell), `${table} ${cell}`);
      if (row.suppressed) suppressed++;
    }
    if (table === 'segment_cube') assert.ok(suppressed > 0 && suppressed < actual.length, 'the cube has both small and large cells');
  }
  ctx.warehouse.close();
});

test('each reachable contact is in exactly one silo, whose attributes are its own (partition)', async () => {
  const ctx = await openContext({ db: ':memory:', logger: createMemoryLogger() });
  await addSyntheticBatch(ctx, { messages: 4000, senders: 700, seed: 9 });
  await buildModels(ctx);
  const check = await ctx.warehouse.one<Record<string, number>>(`
    WITH reachable AS (
      SELECT p.sender_key FROM contact_profile p
      JOIN sender_enrichment s USING (sender_key)
      WHERE NOT s.opted_out AND p.messages_in > 0
        AND EXISTS (SELECT 1 FROM message_enrichment m WHERE m.sender_key = p.sender_key AND m.direction = 'in' AND m.noise IS NULL)
    )
    SELECT
      (SELECT count(*) FROM reachable) AS reachable,
      (SELECT count(*) FROM audience_members) AS members,
      (SELECT count(DISTINCT sender_key) FROM audience_members) AS distinct_members,
      (SELECT count(*) FROM reachable r WHERE NOT EXISTS (SELECT 1 FROM audience_members m WHERE m.sender_key = r.sender_key)) AS missing,
      (SELECT sum(contacts) FROM audience_silos) AS silo_total,
      (SELECT count(*) FROM audience_members m JOIN contact_profile p USING (sender_key)
        WHERE m.silo_key <> p.primary_issue || ':' || p.state_code || ':' || p.age_band) AS mismatched,
      (SELECT count(*) FROM audience_members m JOIN sender_enrichment s USING (sender_key) WHERE s.opted_out) AS opted_out_members`);
  assert.ok(check!.reachable > 300);
  assert.equal(check!.members, check!.reachable);
  assert.equal(check!.distinct_members, check!.members, 'nobody is in two silos');
  assert.equal(check!.missing, 0, 'nobody reachable is left out');
  assert.equal(check!.silo_total, check!.members);
  assert.equal(check!.mismatched, 0);
  assert.equal(check!.opted_out_members, 0);
  ctx.warehouse.close();
});
