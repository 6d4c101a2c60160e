/**
 * The report over the segment tables `buzon build` makes from the enrichment contract (the real
 * sql/ models, not the fixture's own SQL): every chart draws, and its embedded data equals the
 * model tables.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { buildReport, REPORT_CHARTS } from '../../src/report/report-builder.ts';
import { buildModels } from '../../src/segment/sql-runner.ts';
import { memoryContext, tempDir } from '../helpers.ts';
import { createReportFixture } from './report-fixture.ts';
import { dataset, embeddedSpecs } from './report-html.ts';

const SEGMENT_TABLES = [
  'segment_issue_state', 'segment_issue_age', 'segment_state_time_of_week', 'segment_issue_time_of_week', 'segment_cube',
  'contact_profile', 'audience_members', 'audience_silos', 'response_backlog', 'messages_per_day', 'messages_by_hour_of_week',
];

test('the report draws the segment tables built by the sql/ models, and its data equals them', async () => {
  const context = await memoryContext();
  after(() => context.warehouse.close());
  await createReportFixture(context.warehouse, { without: SEGMENT_TABLES });
  const built = await buildModels(context);
  assert.deepEqual(built.filter((m) => m.status === 'failed'), []);
  const report = await buildReport(context, { outDir: tempDir() });
  assert.deepEqual(report.charts.map((c) => c.status), REPORT_CHARTS.map(() => 'ok'));
  const specs = embeddedSpecs(readFileSync(report.htmlFile, 'utf8'));
  const w = context.warehouse;

  const issueAge = await w.all<{ issue: string; age_band: string; senders: number; suppressed: boolean }>(
    'SELECT issue, age_band, senders, suppressed FROM segment_issue_age');
  const embedded = new Map(dataset(specs, 'issue-age').map((r) => [`${r.issue}|${r.age_band}`, r.senders]));
  assert.equal(embedded.size, issueAge.length);
  for (const cell of issueAge) assert.equal(embedded.get(`${cell.issue}|${cell.age_band}`), cell.suppressed ? null : cell.senders);

  const total = await w.scalar<number>('SELECT sum(messages) FROM segment_state_time_of_week');
  for (const row of dataset(specs, 'issue-share')) {
    const issue = (await w.one<{ messages: number; senders: number }>(
      'SELECT sum(messages) AS messages, sum(senders) AS senders FROM segment_issue_state WHERE issue = $issue', { issue: row.issue as string }))!;
    assert.equal(row.share, issue.senders < 10 ? null : issue.messages / total, row.issue as string);
  }

  const backlog = await w.all<{ issue: string; inbound: number; unanswered: number }>(
    'SELECT issue, sum(inbound) AS inbound, sum(unanswered) AS unanswered FROM response_backlog GROUP BY 1');
  const rows = dataset(specs, 'response-backlog').filter((r) => r.group === 'issue');
  for (const b of backlog) assert.equal(rows.find((r) => r.key === b.issue)?.inbound, b.inbound, b.issue);

  const silos = await w.all<{ silo_key: string; contacts: number }>(
    'SELECT silo_key, contacts FROM audience_silos WHERE NOT suppressed ORDER BY contacts DESC, silo_key LIMIT 15');
  assert.ok(silos.length > 0);
  assert.deepEqual(dataset(specs, 'audience-silos').map((r) => [r.silo_key, r.contacts]), silos.map((s) => [s.silo_key, s.contacts]));
});
