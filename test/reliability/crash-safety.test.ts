import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../helpers.ts';
import { crashImport } from './crash-harness.ts';
import { canonicalCsv } from './reliability-data.ts';

test('buzon import killed (SIGKILL) at random moments leaves no partial batch; the re-run completes it exactly once', async () => {
  const dir = tempDir('buzon-crash-');
  const files = [join(dir, 'big-a.csv'), join(dir, 'big-b.csv')];
  writeFileSync(files[0]!, canonicalCsv({ rows: 40_000, seed: 41, idPrefix: 'a' }));
  writeFileSync(files[1]!, canonicalCsv({ rows: 8_000, seed: 42, idPrefix: 'b' }));
  const report = await crashImport({ dir, files, kills: 3, seed: 2026 });
  assert.deepEqual(report.problems, []);
  assert.equal(report.kills, 3);
  assert.equal(report.killedMidway, 3, `every kill landed while the import ran (${report.attempts} attempts)`);
  for (const batches of report.batchesAfterKills) assert.ok(batches === 0 || batches === 1 || batches === 2, 'whole batches only');
  assert.equal(report.finalMessages, report.expectedMessages);
  assert.ok(report.expectedMessages === 48_000, 'the generated files import');
});
