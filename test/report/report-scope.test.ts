import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCli } from '../../src/cli/program.ts';
import { ConfigError, UsageError } from '../../src/core/errors.ts';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { openContext } from '../../src/db/context.ts';
import { buildReport } from '../../src/report/report-builder.ts';
import { saveSegment } from '../../src/segment/segment-store.ts';
import { memoryContext, tempDir } from '../helpers.ts';
import { createReportFixture } from './report-fixture.ts';
import { dataset, embeddedSpecs, visibleText } from './report-html.ts';

const context = await memoryContext();
after(() => context.warehouse.close());
await createReportFixture(context.warehouse);
const w = context.warehouse;
const es = new Intl.NumberFormat('es-MX');

test('--from/--to keep the days asked for (senders\' local days) in every chart and in the headline', async () => {
  const report = await buildReport(context, { outDir: tempDir(), from: '2024-05-15', to: '2024-05-16' });
  const html = readFileSync(report.htmlFile, 'utf8');
  const expected = (await w.one<{ messages: number; senders: number }>(
    `SELECT count(*) AS messages, count(DISTINCT sender_key) AS senders FROM message_enrichment
     WHERE direction = 'in' AND CAST(local_time AS DATE) BETWEEN DATE '2024-05-15' AND DATE '2024-05-16'`))!;
  assert.ok(visibleText(html).includes(`Se recibieron ${es.format(expected.messages)} mensajes de ${es.format(expected.senders)} remitentes distintos (15 de mayo de 2024 – 16 de mayo de 2024)`));
  const specs = embeddedSpecs(html);
  assert.deepEqual([...new Set(dataset(specs, 'daily-trend').map((r) => r.day))], ['2024-05-15', '2024-05-16']);
  const jalisco = await w.one<{ messages: number }>(
    `SELECT count(*) AS messages FROM message_enrichment JOIN sender_enrichment USING (sender_key)
     WHERE direction = 'in' AND state_code = 'MX-JAL' AND CAST(local_time AS DATE) BETWEEN DATE '2024-05-15' AND DATE '2024-05-16'`);
  const row = dataset(specs, 'state-map', 'valores').find((r) => r.state_code === 'MX-JAL' && r.metric === 'messages')!;
  assert.equal(row.value, jalisco!.messages);
  assert.equal(report.charts.every((c) => c.status === 'ok'), true, JSON.stringify(report.charts));
  assert.match(visibleText(html), /Las audiencias son las de hoy/);
});

test('--segment keeps the messages of the contacts a saved segment selects', async () => {
  await saveSegment(w, 'jovenes', "age_band = '18-24'");
  const report = await buildReport(context, { outDir: tempDir(), segment: 'jovenes' });
  const html = readFileSync(report.htmlFile, 'utf8');
  const expected = (await w.one<{ messages: number; senders: number }>(
    `SELECT count(*) AS messages, count(DISTINCT sender_key) AS senders FROM message_enrichment
     WHERE direction = 'in' AND sender_key IN (SELECT sender_key FROM contact_profile WHERE age_band = '18-24')`))!;
  const text = visibleText(html);
  assert.ok(text.includes(`Se recibieron ${es.format(expected.messages)} mensajes de ${es.format(expected.senders)} remitentes distintos`), text.slice(0, 500));
  assert.match(text, /Segmento: jovenes \(age_band = '18-24'\)/);
  assert.deepEqual([...new Set(dataset(embeddedSpecs(html), 'issue-age').map((r) => r.age_band))], ['18-24']);

  await assert.rejects(buildReport(context, { outDir: tempDir(), segment: 'nadie' }), (e: unknown) => e instanceof ConfigError && /no saved segment "nadie"/.test(e.message));
  await assert.rejects(buildReport(context, { outDir: tempDir(), from: '15/05/2024' }), (e: unknown) => e instanceof UsageError && /--from: expected a date YYYY-MM-DD/.test(e.message));
  await assert.rejects(buildReport(context, { outDir: tempDir(), from: '2024-05-16', to: '2024-05-15' }), UsageError);
});

test('a warehouse with only the spine still gets a report: each missing section says what it lacks', async () => {
  const spine = await memoryContext();
  after(() => spine.warehouse.close());
  await createReportFixture(spine.warehouse, {
    without: ['message_enrichment', 'sender_enrichment', 'segment_issue_state', 'segment_issue_age', 'segment_state_time_of_week',
      'segment_issue_time_of_week', 'segment_cube', 'contact_profile', 'audience_members', 'audience_silos', 'response_backlog'],
  });
  const report = await buildReport(spine, { outDir: tempDir() });
  const status = Object.fromEntries(report.charts.map((c) => [c.id, c.status]));
  assert.deepEqual(status, {
    'state-map': 'missing', 'time-of-week': 'ok', 'issue-share': 'missing', 'issue-age': 'missing',
    'daily-trend': 'ok', 'audience-silos': 'missing', 'response-backlog': 'missing', 'representativeness': 'missing',
  });
  const text = visibleText(readFileSync(report.htmlFile, 'utf8'));
  assert.match(text, /Sección no disponible todavía: falta segment_issue_age en el almacén/);
  assert.match(text, /Vista provisional: sin enriquecimiento se usa la hora de la Ciudad de México/);
  const messages = await spine.warehouse.scalar<number>("SELECT count(*) FROM messages WHERE direction = 'in'");
  assert.ok(text.includes(`Se recibieron ${es.format(messages)} mensajes`));
  assert.match(spine.logger.text(), /report: 6 of 8 charts left out until these tables exist: .*segment_issue_age/);
});

test('buzon report and buzon notebook render from the command line (read-only warehouse)', async () => {
  const dir = tempDir();
  const db = join(dir, 'w.duckdb');
  const file = await openContext({ db, logger: createMemoryLogger() });
  await createReportFixture(file.warehouse, { senders: 300 });
  file.warehouse.close();
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: { write: (s: string | Uint8Array) => out.push(String(s)) }, stderr: { write: (s: string) => err.push(s) }, env: {}, cwd: dir };
  assert.equal(await runCli(['--db', 'w.duckdb', 'report', '--out', 'rep', '--lang', 'en', '--from', '2024-05-14'], io), 0, err.join(''));
  assert.equal(out.join('').trim(), join(dir, 'rep', 'report.html'));
  assert.match(readFileSync(join(dir, 'rep', 'report.html'), 'utf8'), /<html lang="en">/);
  const notebook = new URL('../../notebooks/data-quality.md', import.meta.url).pathname;
  out.length = 0;
  assert.equal(await runCli(['--db', 'w.duckdb', 'notebook', 'render', notebook, '--out', 'nb'], io), 0, err.join(''));
  assert.equal(out.join('').trim(), join(dir, 'nb', 'data-quality.html'));
  assert.equal(await runCli(['--db', 'w.duckdb', 'report', '--out', 'rep', '--lang', 'fr'], io), 2);
});
