import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tempDir } from '../helpers.ts';
import { makeCases, runFuzz } from './import-fuzzer.ts';

test('the same seed gives the same mutated files', () => {
  const a = makeCases(5, 11);
  const b = makeCases(5, 11);
  assert.deepEqual(a.map((c) => [c.kind, c.mutations, c.bytes.toString('hex')]), b.map((c) => [c.kind, c.mutations, c.bytes.toString('hex')]));
  assert.notDeepEqual(makeCases(5, 12).map((c) => c.bytes.toString('hex')), a.map((c) => c.bytes.toString('hex')));
});

test('30 mutated message files and contact sheets: every row accounted for or the file refused in one line', async () => {
  const report = await runFuzz({ count: 30, seed: 2026, dir: tempDir('buzon-fuzz-'), reopenEvery: 10, threads: 1 });
  const describe = (r: { id: number; mutations: string[]; outcome: string; message?: string; problems: string[] }) =>
    `case ${r.id} (${r.mutations.join(' + ')}): ${r.outcome} ${r.message ?? ''} ${r.problems.join('; ')}`;
  assert.equal(report.cases, 30);
  assert.deepEqual(report.crashes.map(describe), [], 'no crash');
  assert.deepEqual(report.failures.map(describe), [], 'no row lost, warehouse consistent');
  assert.equal(report.rowsLost, 0);
  assert.equal(report.reopened, 3, 'the warehouse reopened and answered every 10 cases');
  assert.ok(report.byOutcome.imported >= 15, `most damaged files still load (${JSON.stringify(report.byOutcome)})`);
});
