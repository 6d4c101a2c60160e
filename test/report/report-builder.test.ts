import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { renderSvg } from '../../src/report/chart-renderer.ts';
import { buildReport, REPORT_CHARTS } from '../../src/report/report-builder.ts';
import { memoryContext, tempDir } from '../helpers.ts';
import { createReportFixture } from './report-fixture.ts';
import { dataset, embeddedSpecs, visibleText } from './report-html.ts';

const context = await memoryContext();
after(() => context.warehouse.close());
await createReportFixture(context.warehouse);
const outDir = tempDir('buzon-report-');
const result = await buildReport(context, { outDir, now: new Date('2024-05-20T16:00:00Z') });
const html = readFileSync(result.htmlFile, 'utf8');
const specs = embeddedSpecs(html);
const text = visibleText(html);
const w = context.warehouse;
const K = 10;

test('every chart is drawn, embedded in the page and saved beside it as .vl.json', () => {
  assert.deepEqual(result.charts.map((c) => `${c.id}:${c.status}`), REPORT_CHARTS.map((c) => `${c.id}:ok`));
  for (const chart of REPORT_CHARTS) {
    const file = join(outDir, `${chart.id}.vl.json`);
    assert.ok(existsSync(file), file);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), specs.get(chart.id), `${chart.id}.vl.json equals the embedded spec`);
    assert.match(html, new RegExp(`id="chart-${chart.id}"`));
  }
  assert.doesNotMatch(html, /<(script|link|img)[^>]+(src|href)=["']?https?:/i, 'no external resource');
  assert.match(html, /<html lang="es">/);
});

test('every embedded spec compiles and draws in Node with no Vega warning (the check where no browser is at hand)', async () => {
  for (const [id, spec] of specs) {
    const { svg, warnings } = await renderSvg(spec as never);
    assert.deepEqual(warnings, [], id);
    assert.ok(svg.length > 2000 && /<path|<rect/.test(svg), `${id} draws marks`);
  }
});

test('the headline states computed totals, top issues and top states in Spanish, es-MX formatted', async () => {
  const totals = (await w.one<{ messages: number; senders: number }>(
    "SELECT count(*) AS messages, count(DISTINCT sender_key) AS senders FROM message_enrichment WHERE direction = 'in'"))!;
  const es = new Intl.NumberFormat('es-MX');
  assert.ok(text.includes(`Se recibieron ${es.format(totals.messages)} mensajes de ${es.format(totals.senders)} remitentes distintos`), text.slice(0, 600));
  assert.ok(totals.messages > 1000, 'the fixture is large enough for thousands separators');
  assert.match(text, /Se recibieron \d{1,3},\d{3} mensajes/);
  const topIssue = (await w.one<{ issue: string; messages: number }>(
    "SELECT issue, sum(messages) AS messages FROM segment_issue_state WHERE issue <> 'sin_tema' GROUP BY 1 ORDER BY 2 DESC LIMIT 1"))!;
  assert.equal(topIssue.issue, 'seguridad');
  const share = new Intl.NumberFormat('es-MX', { style: 'percent', maximumFractionDigits: 1 }).format(topIssue.messages / totals.messages);
  assert.ok(text.includes(`Los temas más mencionados: Seguridad (${share})`), 'top issue with its share');
  const topState = (await w.one<{ state_code: string; senders: number }>(
    "SELECT state_code, count(*) AS senders FROM contact_profile WHERE state_code <> 'desconocido' GROUP BY 1 ORDER BY 2 DESC LIMIT 1"))!;
  assert.equal(topState.state_code, 'MX-MEX');
  assert.ok(text.includes(`Los estados con más remitentes: Estado de México (${es.format(topState.senders)})`));
  assert.match(text, /La franja más activa es el (lunes|martes|miércoles|jueves|viernes|sábado|domingo) a las \d\d:00/);
  const backlog = (await w.one<{ inbound: number; unanswered: number }>(
    `SELECT count(*) AS inbound, count(*) FILTER (WHERE NOT EXISTS (
       SELECT 1 FROM message_enrichment o WHERE o.direction = 'out' AND o.sender_key = i.sender_key AND o.sent_at > i.sent_at)) AS unanswered
     FROM message_enrichment i WHERE direction = 'in'`))!;
  const answered = new Intl.NumberFormat('es-MX', { style: 'percent', maximumFractionDigits: 1 }).format(1 - backlog.unanswered / backlog.inbound);
  assert.ok(text.includes(`Se ha contestado el ${answered} de los mensajes; quedan ${es.format(backlog.unanswered)} sin respuesta; la mediana hasta la primera respuesta es de unas`), 'backlog counted once per message');
  assert.match(text, /Periodo: 13 de mayo de 2024 – 19 de mayo de 2024/);
  assert.match(text, /ESTIMACIÓN/, 'the footnote says the electorate is an estimate');
});

test('chart data equals the segment tables, with suppressed cells as null and "<k"', async () => {
  const issueAge = await w.all<{ issue: string; age_band: string; senders: number; messages: number; suppressed: boolean }>(
    'SELECT issue, age_band, senders, messages, suppressed FROM segment_issue_age');
  const embedded = new Map(dataset(specs, 'issue-age').map((r) => [`${r.issue}|${r.age_band}`, r]));
  assert.equal(embedded.size, issueAge.length);
  assert.ok(issueAge.some((r) => r.suppressed) && issueAge.some((r) => !r.suppressed), 'the fixture has both kinds of cells');
  for (const cell of issueAge) {
    const row = embedded.get(`${cell.issue}|${cell.age_band}`)!;
    if (cell.suppressed) {
      assert.equal(row.senders, null);
      assert.equal(row.messages, null);
      assert.equal(row.senders_label, '<10');
    } else {
      assert.equal(row.senders, cell.senders);
      assert.equal(row.messages, cell.messages);
    }
  }

  const perIssueTime = await w.all<{ issue: string; weekday: number; hour: number; messages: number; suppressed: boolean }>(
    'SELECT issue, local_weekday AS weekday, local_hour AS hour, messages, suppressed FROM segment_issue_time_of_week');
  const heat = new Map(dataset(specs, 'time-of-week').map((r) => [`${r.issue}|${r.weekday}|${r.hour}`, r]));
  // An issue is in the selector when some of its cells can be shown; then all its cells are there.
  const shownIssues = new Set(perIssueTime.filter((c) => !c.suppressed).map((c) => c.issue));
  assert.ok(shownIssues.size > 0);
  for (const cell of perIssueTime) {
    const row = heat.get(`${cell.issue}|${cell.weekday}|${cell.hour}`);
    if (!shownIssues.has(cell.issue)) {
      assert.equal(row, undefined, `${cell.issue} has no cell to show`);
      continue;
    }
    assert.equal(row!.messages, cell.suppressed ? null : cell.messages);
    if (cell.suppressed) assert.equal(row!.label, '<10');
  }
  const overall = await w.all<{ weekday: number; hour: number; messages: number; senders: number }>(
    'SELECT local_weekday AS weekday, local_hour AS hour, sum(messages) AS messages, sum(senders) AS senders FROM segment_state_time_of_week GROUP BY 1, 2');
  for (const cell of overall) {
    assert.equal(heat.get(`_all|${cell.weekday}|${cell.hour}`)!.messages, cell.senders < K ? null : cell.messages);
  }

  const stateMessages = await w.all<{ state_code: string; messages: number }>(
    "SELECT state_code, sum(messages) AS messages FROM segment_state_time_of_week WHERE state_code <> 'desconocido' GROUP BY 1");
  const stateSenders = new Map((await w.all<{ state_code: string; senders: number }>(
    'SELECT state_code, count(*) AS senders FROM contact_profile WHERE messages_in > 0 GROUP BY 1')).map((r) => [r.state_code, r.senders]));
  const map = dataset(specs, 'state-map', 'valores');
  for (const s of stateMessages) {
    const row = map.find((r) => r.state_code === s.state_code && r.metric === 'messages')!;
    const small = (stateSenders.get(s.state_code) ?? 0) < K;
    assert.equal(row.value, small ? null : s.messages, s.state_code);
    assert.equal(row.label, small ? '<10' : new Intl.NumberFormat('es-MX').format(s.messages));
  }
  assert.equal(specs.get('state-map')!.datasets!.estados!.length, 32, 'the 32 state shapes are embedded');

  const backlog = await w.all<{ issue: string; inbound: number; answered: number }>(
    'SELECT issue, sum(inbound) AS inbound, sum(answered) AS answered FROM response_backlog GROUP BY 1');
  const backlogRows = dataset(specs, 'response-backlog').filter((r) => r.group === 'issue');
  assert.equal(backlogRows.length, backlog.length);
  for (const b of backlog) {
    const row = backlogRows.find((r) => r.key === b.issue)!;
    assert.equal(row.inbound, b.inbound);
    assert.ok(Math.abs((row.answered_share as number) - b.answered / b.inbound) < 1e-9);
  }

  const daily = await w.all<{ day: string; issue: string; messages: number; senders: number }>(
    `SELECT strftime(CAST(local_time AS DATE), '%Y-%m-%d') AS day, primary_issue AS issue, count(*) AS messages, count(DISTINCT sender_key) AS senders
     FROM message_enrichment WHERE direction = 'in' AND primary_issue IN ('seguridad', 'economia', 'sin_tema') GROUP BY ALL`);
  const dailyRows = dataset(specs, 'daily-trend');
  assert.equal(daily.length, 21);
  for (const d of daily) {
    const row = dailyRows.find((r) => r.day === d.day && r.issue === d.issue)!;
    assert.equal(row.messages, d.senders < K ? null : d.messages, `${d.day} ${d.issue}`);
  }

  const silos = await w.all<{ silo_key: string; contacts: number }>(
    'SELECT silo_key, contacts FROM audience_silos WHERE NOT suppressed ORDER BY contacts DESC, silo_key LIMIT 15');
  assert.deepEqual(dataset(specs, 'audience-silos').map((r) => [r.silo_key, r.contacts]), silos.map((s) => [s.silo_key, s.contacts]));
});

test('representativeness compares sender shares with the electorate and gives the ratio', async () => {
  const rows = dataset(specs, 'representativeness');
  const bands = rows.filter((r) => r.group === 'age');
  assert.deepEqual(bands.map((r) => r.key), ['18-24', '25-34', '35-44', '45-54', '55-64', '65+']);
  const known = await w.all<{ age_band: string; senders: number }>(
    "SELECT age_band, count(*) AS senders FROM contact_profile WHERE age_band <> 'desconocido' AND messages_in > 0 GROUP BY 1");
  const total = known.reduce((s, r) => s + r.senders, 0);
  for (const band of known) {
    const row = bands.find((r) => r.key === band.age_band)!;
    assert.equal(row.senders, band.senders);
    assert.ok(Math.abs((row.sender_share as number) - band.senders / total) < 1e-12);
    assert.ok(Math.abs((row.ratio as number) - (row.sender_share as number) / (row.electorate_share as number)) < 1e-12);
  }
  const electorateShare = bands.reduce((s, r) => s + (r.electorate_share as number), 0);
  assert.ok(Math.abs(electorateShare - 1) < 1e-9, 'electorate shares of the bands add up to 1');
});

test('no suppressed count, sender key, phone number or message text appears anywhere in the page', async () => {
  const suppressed = await w.all<{ issue: string; state_code: string; messages: number }>(
    "SELECT issue, state_code, messages FROM segment_issue_state WHERE suppressed AND state_code <> 'desconocido'");
  const shares = dataset(specs, 'state-map', 'valores');
  for (const cell of suppressed) {
    const row = shares.find((r) => r.state_code === cell.state_code && r.metric === `share:${cell.issue}`);
    if (row) {
      assert.equal(row.value, null);
      assert.equal(row.label, '<10');
    }
  }
  for (const spec of specs.values()) {
    for (const rows of Object.values(spec.datasets ?? {})) {
      for (const row of rows) {
        for (const [key, value] of Object.entries(row)) {
          if (typeof value === 'number' && /senders|messages|contacts|inbound/.test(key) && !/share|ratio/.test(key)) {
            assert.ok(value >= K || key === 'messages' || key === 'inbound', `${key}=${value} below k in a chart`);
          }
        }
      }
    }
  }
  assert.doesNotMatch(html, /S\d{8}/, 'no sender key');
  assert.doesNotMatch(html, /mensaje de prueba/, 'no message text');
  assert.doesNotMatch(visibleText(html.replace(/<script[\s\S]*?<\/script>/g, '')), /\+?52[\s-]?\d{2}[\s-]?\d{4}[\s-]?\d{4}/, 'no phone number');
});

test('the report in English keeps numbers and names translated', async () => {
  const dir = tempDir('buzon-report-en-');
  const en = await buildReport(context, { outDir: dir, lang: 'en' });
  const page = readFileSync(en.htmlFile, 'utf8');
  assert.match(page, /<html lang="en">/);
  assert.match(visibleText(page), /messages were received from [\d,]+ distinct senders/);
  assert.match(visibleText(page), /State of Mexico/);
  assert.equal(embeddedSpecs(page).size, REPORT_CHARTS.length);
});
