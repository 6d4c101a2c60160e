import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analystViewModels, catalogColumns } from '../../src/query/analyst-views.ts';
import { DATA_DICTIONARY } from '../../src/query/data-dictionary.ts';
import { quoteIdent } from '../../src/db/sql-identifiers.ts';
import { memoryContext, tempDir } from '../helpers.ts';
import { FIXTURE_K, VIEWS_DIR, buildAnalystFixture } from './analyst-fixture.ts';

const context = await memoryContext();
await buildAnalystFixture(context, tempDir());
const { warehouse } = context;
const views = DATA_DICTIONARY.map((v) => v.name);

test('every analyst view is a model built after the tables it reads', () => {
  const models = analystViewModels(VIEWS_DIR);
  assert.deepEqual(models.map((m) => m.name).sort(), [...views].sort());
  for (const model of models) {
    assert.equal(model.materialized, 'view', `${model.file} is materialized as a view`);
    assert.ok(model.dependsOn.length > 0, `${model.file} declares what it reads`);
  }
});

test('no view has a phone column or a phone number in any value', async () => {
  const phones = (await warehouse.all<{ e164: string }>('SELECT e164 FROM contact_phones')).map((r) => r.e164);
  assert.ok(phones.length >= 12);
  // The national 10 digits of every known number, plus the numbers the fixture hides in a message and a contact sheet.
  const needles = [...phones.map((p) => p.slice(-10)), '5512345678', ...Array.from({ length: 9 }, (_, i) => `55876543${String(i).padStart(2, '0')}`)];
  const columns = await catalogColumns(context, views);
  for (const view of views) {
    const names = columns.get(view)!.map((c) => c.name);
    assert.ok(names.length > 0, `${view} exists`);
    for (const name of names) assert.doesNotMatch(name, /phone|e164|tel[eé]fono|celular|whatsapp|numero/i, `${view}.${name}`);
    const texts = await warehouse.all<{ t: string }>(
      `SELECT regexp_replace(CAST(v AS VARCHAR), '[^0-9]', '', 'g') AS t FROM ${quoteIdent(view)} AS v`);
    for (const { t } of texts) {
      for (const needle of needles) assert.ok(!t.includes(needle), `${view} holds the phone number ending ${needle.slice(-4)}`);
    }
  }
});

test('phone-shaped digits in texts and contact attributes are masked, the rest of the text kept', async () => {
  const body = await warehouse.scalar("SELECT body FROM v_messages WHERE body LIKE 'mi otro%'");
  assert.equal(body, 'mi otro número es •••• 5678 llámenme');
  const attributes = await warehouse.scalar<string>("SELECT attributes FROM v_contacts WHERE attributes IS NOT NULL LIMIT 1");
  assert.match(attributes, /"telefono_casa":"•••• \d{4}"/);
  assert.match(attributes, /"colonia":"Centro"/);
});

test('v_messages has every message once, with its enrichment and the sender state', async () => {
  const counts = await warehouse.one<{ view: number; table: number; ids: number }>(
    'SELECT (SELECT count(*) FROM v_messages) AS view, (SELECT count(*) FROM messages) AS table, (SELECT count(DISTINCT message_id) FROM v_messages) AS ids');
  assert.deepEqual(counts, { view: 100, table: 100, ids: 100 });
  const months = await warehouse.all<{ month: string; n: number }>('SELECT month, count(*) AS n FROM v_messages GROUP BY ALL ORDER BY ALL');
  assert.deepEqual(months.map((m) => m.month), ['2026-09', '2026-10']);
  const unknown = await warehouse.scalar("SELECT count(*) FROM v_messages WHERE state_code = 'desconocido'");
  const independent = await warehouse.scalar(
    'SELECT count(*) FROM messages m LEFT JOIN contacts c USING (sender_key) WHERE c.state_declared IS NULL');
  assert.equal(unknown, independent);
  assert.equal(await warehouse.scalar("SELECT count(*) FROM v_messages WHERE list_contains(issues, 'agua') AND primary_issue IS NOT NULL"),
    await warehouse.scalar("SELECT count(*) FROM messages WHERE body ILIKE '%agua%'"));
});

test('segment views show NULL counts for suppressed cells and the table counts for the others', async () => {
  for (const [view, table, keys] of [
    ['v_segments_issue_state', 'segment_issue_state', 'issue, state_code'],
    ['v_segments_issue_age', 'segment_issue_age', 'issue, age_band'],
    ['v_segments_state_time_of_week', 'segment_state_time_of_week', 'state_code, local_weekday, local_hour'],
    ['v_segments_issue_time_of_week', 'segment_issue_time_of_week', 'issue, local_weekday, local_hour'],
    ['v_segments_cube', 'segment_cube', 'issue, age_band, state_code, time_slot'],
  ] as const) {
    const check = await warehouse.one<{ rows: number; suppressed: number; leaked: number; differ: number }>(`
      SELECT count(*) AS rows, count(*) FILTER (WHERE v.suppressed) AS suppressed,
        count(*) FILTER (WHERE v.suppressed AND (v.messages IS NOT NULL OR v.senders IS NOT NULL)) AS leaked,
        count(*) FILTER (WHERE NOT v.suppressed AND (v.messages <> t.messages OR v.senders <> t.senders)) AS differ
      FROM ${view} v JOIN ${table} t USING (${keys})`);
    assert.equal(check!.rows, await warehouse.scalar(`SELECT count(*) FROM ${table}`), view);
    assert.equal(check!.leaked, 0, `${view} shows no count of a suppressed cell`);
    assert.equal(check!.differ, 0, `${view} shows the counts of the others`);
    const minSenders = await warehouse.scalar(`SELECT min(senders) FROM ${view}`);
    assert.ok((minSenders as number) >= FIXTURE_K, `${view}: every shown cell has at least k senders`);
  }
  assert.ok((await warehouse.scalar<number>('SELECT count(*) FROM v_segments_cube WHERE suppressed')) > 0, 'the fixture has suppressed cells');
  const silos = await warehouse.one<{ shown: number; hidden: number }>(
    'SELECT count(contacts) AS shown, count(*) FILTER (WHERE suppressed AND contacts IS NULL) AS hidden FROM v_audience_silos');
  assert.ok(silos!.shown > 0 && silos!.hidden > 0);
});

test('import accounting views: batches add up and rejects say why', async () => {
  const batches = await warehouse.all<{ kind: string; rows_read: number; accounted: boolean }>(
    'SELECT kind, rows_read, accounted FROM v_import_batches ORDER BY batch_id');
  assert.deepEqual(batches, [{ kind: 'messages', rows_read: 101, accounted: true }, { kind: 'contacts', rows_read: 9, accounted: true }]);
  const reject = await warehouse.one<{ format: string; source_line: number; reason: string }>('SELECT format, source_line, reason FROM v_rejects');
  assert.deepEqual({ ...reject, reason: reject!.reason.split(':')[0] }, { format: 'csv', source_line: 102, reason: 'invalid sender phone' });
});
