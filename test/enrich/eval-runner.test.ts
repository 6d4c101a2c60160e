import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuzonContext } from '../../src/db/context.ts';
import { formatEvalReport, runEvaluation } from '../../src/enrich/eval-runner.ts';
import { runCli } from '../../src/cli/program.ts';
import { FIXTURES, memoryContext, tempDir } from '../helpers.ts';

const TRUTH = join(FIXTURES, 'enrich/eval-truth-issues.csv');

/**
 * A warehouse whose enrichment is written by hand, so every number of the report can be worked out on
 * paper (see the expectations below). Senders: s1 (m1, m2), s2 (m3, m4), s3 (m5, m6), s4 (m7, m8);
 * m9 is the campaign's own reply.
 */
async function handEnriched(context: BuzonContext): Promise<void> {
  const w = context.warehouse;
  await w.run(
    `INSERT INTO messages (message_id, content_key, sender_key, sent_at, direction, body, batch_id, source_file)
     SELECT id, id, sender, TIMESTAMPTZ '2026-09-14 12:00:00+00', dir, 'texto', 1, 'fixture'
     FROM (VALUES ('m1', 's1', 'in'), ('m2', 's1', 'in'), ('m3', 's2', 'in'), ('m4', 's2', 'in'), ('m5', 's3', 'in'),
                  ('m6', 's3', 'in'), ('m7', 's4', 'in'), ('m8', 's4', 'in'), ('m9', 'camp', 'out')) v(id, sender, dir)`,
  );
  await w.run(
    `CREATE TABLE message_issue_summary AS
     SELECT id AS message_id, coalesce(issues[1], 'sin_tema') AS primary_issue, issues, CASE WHEN len(issues) > 0 THEN 'rules' END AS issue_source
     FROM (VALUES ('m1', ['agua']), ('m2', ['agua']), ('m3', []::VARCHAR[]), ('m4', ['seguridad', 'economia']), ('m5', ['salud']),
                  ('m6', []::VARCHAR[]), ('m7', []::VARCHAR[]), ('m8', ['agua']), ('m9', []::VARCHAR[])) v(id, issues)`,
  );
  await w.run(
    `CREATE TABLE message_issues AS
     SELECT * FROM (VALUES ('m1', 'agua', 0.8, 'rules'), ('m2', 'agua', 0.8, 'rules'), ('m4', 'seguridad', 0.8, 'rules'),
                           ('m8', 'agua', 0.8, 'rules'), ('m5', 'salud', 0.9, 'model'), ('m4', 'economia', 0.7, 'model'))
       v(message_id, issue, confidence, source)`,
  );
  await w.run(
    `CREATE TABLE message_enrichment AS
     SELECT * FROM (VALUES ('m1', 'spam', NULL, 'X'), ('m2', NULL, NULL, 'X'), ('m3', 'greeting', NULL, 'Z'), ('m4', NULL, NULL, 'Y'),
                           ('m5', NULL, 'optout', NULL), ('m6', NULL, 'optout', 'Z'), ('m7', 'media', NULL, 'Z'), ('m8', 'greeting', NULL, NULL),
                           ('m9', NULL, NULL, NULL))
       v(message_id, noise, optout_event, chain_id)`,
  );
  await w.run(
    `CREATE TABLE sender_enrichment AS
     SELECT * FROM (VALUES ('s1', 'MX-NLE', '25-34'), ('s2', 'MX-COL', NULL), ('s3', NULL, NULL), ('s4', NULL, '65+'))
       v(sender_key, state_code, age_band)`,
  );
}

test('eval scores a hand-made enrichment exactly: issues, rules and model alone, confusion, state, age, noise, opt-out, chains', async () => {
  const context = await memoryContext();
  try {
    await handEnriched(context);
    const report = await runEvaluation(context, TRUTH);
    assert.equal(report.truthRows, 10);
    assert.equal(report.matched, 9);
    assert.match(report.notes[0]!, /^1 truth rows name messages that are not in the warehouse/);

    const issues = report.issues!;
    assert.equal(issues.messages, 8);
    const byIssue = Object.fromEntries(issues.perIssue.map((r) => [r.issue, [r.tp, r.fp, r.fn, r.precision, r.recall, r.f1]]));
    assert.deepEqual(byIssue, {
      agua: [2, 1, 0, 0.6667, 1, 0.8],
      economia: [0, 1, 1, 0, 0, 0],
      salud: [1, 0, 1, 1, 0.5, 0.6667],
      seguridad: [1, 0, 0, 1, 1, 1],
    });
    assert.equal(issues.macroF1, 0.6167);
    assert.equal(issues.microF1, 0.6667);
    assert.equal(issues.rulesAlone!.macroF1, 0.45);
    assert.equal(issues.modelAlone!.macroF1, 0.1667);

    assert.deepEqual(issues.confusion.labels, ['agua', 'economia', 'salud', 'seguridad', 'sin_tema']);
    const nonZero = Object.entries(issues.confusion.counts).flatMap(([t, row]) => Object.entries(row).filter(([, n]) => n).map(([p, n]) => `${t}>${p}:${n}`));
    assert.deepEqual(nonZero.sort(), [
      'agua>agua:2', 'economia>sin_tema:1', 'salud>agua:1', 'salud>salud:1', 'seguridad>economia:1', 'seguridad>seguridad:1',
      'sin_tema>agua:1', 'sin_tema>sin_tema:2',
    ]);

    assert.deepEqual(report.state, { senders: 3, predicted: 2, correct: 1, accuracy: 0.3333, precision: 0.5 });
    assert.deepEqual(report.ageBand, { senders: 3, predicted: 2, correct: 2, accuracy: 0.6667, precision: 1 });

    const noise = Object.fromEntries(report.noise!.perClass.map((r) => [r.noise, [r.tp, r.fp, r.fn, r.precision, r.recall]]));
    assert.deepEqual(noise, { greeting: [2, 0, 0, 1, 1], media: [0, 1, 0, 0, 0], spam: [0, 1, 1, 0, 0] });

    assert.deepEqual([report.optout!.optout.tp, report.optout!.optout.fp, report.optout!.optout.fn], [1, 1, 0]);
    assert.equal(report.optout!.optout.precision, 0.5);
    assert.equal(report.optout!.optout.recall, 1);
    assert.deepEqual([report.optout!.optin.tp, report.optout!.optin.fn, report.optout!.optin.recall], [0, 1, 0]);

    assert.deepEqual(report.chain, { messages: 9, truthPairs: 4, predictedPairs: 4, commonPairs: 2, precision: 0.5, recall: 0.5, f1: 0.5 });

    const text = formatEvalReport(report).join('\n');
    assert.match(text, /macro-F1 0\.617 {2}micro-F1 0\.667 {2}\(combined: rules \+ model\)/);
    assert.match(text, /macro-F1 0\.450 {2}micro-F1 0\.\d+ {2}\(rules alone\)/);
    assert.match(text, /state: 0\.333 of 3 senders with a known truth correct/);
  } finally {
    context.warehouse.close();
  }
});

test('eval on a warehouse that was never enriched says what is missing instead of failing', async () => {
  const context = await memoryContext();
  try {
    await context.warehouse.run(
      `INSERT INTO messages (message_id, content_key, sender_key, sent_at, direction, body, batch_id, source_file)
       VALUES ('m1', 'm1', 's1', TIMESTAMPTZ '2026-09-14 12:00:00+00', 'in', 'hola', 1, 'x')`,
    );
    const report = await runEvaluation(context, TRUTH);
    assert.equal(report.issues, undefined);
    assert.ok(report.notes.some((n) => /issues: no message_issue_summary/.test(n)));
    assert.ok(report.notes.some((n) => /chain: no message_enrichment/.test(n)));
  } finally {
    context.warehouse.close();
  }
});

test('buzon eval --json prints the report on stdout; a truth file without message_id is a one-line user error', async () => {
  const dir = tempDir();
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: { write: (s: string | Uint8Array) => out.push(String(s)) }, stderr: { write: (s: string) => err.push(s) }, env: {}, cwd: dir };
  const db = join(dir, 'w.duckdb');
  assert.equal(await runCli(['--db', db, '-q', 'classify', '--rules-only'], io), 0);
  assert.equal(await runCli(['--db', db, 'eval', '--truth', TRUTH, '--json'], io), 0);
  const report = JSON.parse(out.join(''));
  assert.equal(report.truthRows, 10);
  assert.equal(report.matched, 0);
  assert.equal(await runCli(['--db', db, 'eval', '--truth', join(FIXTURES, 'enrich/rule-cases-issues.csv')], io), 0);
  const bad = join(dir, 'no-id.csv');
  writeFileSync(bad, 'id,issues\n1,agua\n');
  err.length = 0;
  assert.equal(await runCli(['--db', db, 'eval', '--truth', bad], io), 1);
  assert.match(err.join(''), /^error: .*message_id/);
});
