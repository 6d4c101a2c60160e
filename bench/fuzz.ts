/**
 * `npm run fuzz`: the long reliability run. Mutated canonical CSVs and contact sheets imported one by
 * one into one warehouse (every row accounted for, or the file refused in one line; the warehouse
 * consistent and answering), then `buzon import` SIGKILLed at random moments and re-run (no partial
 * batch, no message twice, the re-run complete). Exits 1 on any lost row, crash or inconsistency.
 *
 *   npm run fuzz -- [--cases 1000] [--kills 20] [--seed 1] [--rows 100000] [--keep]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { crashImport } from '../test/reliability/crash-harness.ts';
import { runFuzz, type CaseResult } from '../test/reliability/import-fuzzer.ts';
import { canonicalCsv } from '../test/reliability/reliability-data.ts';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '1000' },
    kills: { type: 'string', default: '20' },
    seed: { type: 'string', default: '1' },
    rows: { type: 'string', default: '100000' },
    keep: { type: 'boolean', default: false },
  },
});
const cases = Number(values.cases);
const kills = Number(values.kills);
const seed = Number(values.seed);
const rows = Number(values.rows);
const dir = mkdtempSync(join(tmpdir(), 'buzon-fuzz-'));
const log = (line: string) => process.stderr.write(`${line}\n`);
const describe = (r: CaseResult) =>
  `case ${r.id} [${r.kind}: ${r.mutations.join(' + ')}] ${r.outcome}${r.lost ? `, ${r.lost} rows lost` : ''}${r.message ? `: ${r.message.split('\n')[0]}` : ''}${r.problems.length ? ` (${r.problems.join('; ')})` : ''}`;

let failed = false;
try {
  const started = performance.now();
  const fuzz = await runFuzz({
    count: cases, seed, dir: mkdtempSync(join(dir, 'mutations-')), threads: 1,
    onCase: (r) => {
      if (r.outcome === 'crashed' || r.lost || r.problems.length) log(describe(r));
      if ((r.id + 1) % 100 === 0) log(`  ${r.id + 1}/${cases} cases`);
    },
  });
  log(`mutations: ${JSON.stringify(fuzz.byOutcome)}; warehouse reopened ${fuzz.reopened} times; ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const inconsistent = fuzz.failures.filter((f) => f.problems.length).length;

  const crashDir = mkdtempSync(join(dir, 'crash-'));
  const files = [join(crashDir, 'big-a.csv'), join(crashDir, 'big-b.csv')];
  writeFileSync(files[0]!, canonicalCsv({ rows, seed, idPrefix: 'a' }));
  writeFileSync(files[1]!, canonicalCsv({ rows: Math.ceil(rows / 4), seed: seed + 1, idPrefix: 'b' }));
  const crash = await crashImport({ dir: crashDir, files, kills, seed, log: (line) => log(`  ${line}`) });
  for (const problem of crash.problems) log(`crash: ${problem}`);
  log(`kills: ${crash.killedMidway} landed mid-import in ${crash.attempts} attempts; batches found after each: ${crash.batchesAfterKills.join(' ')}; ${crash.finalMessages} messages after the re-run (clean import: ${crash.expectedMessages})`);

  const crashes = fuzz.byOutcome.crashed;
  console.log(`${fuzz.cases} cases, ${fuzz.rowsLost} rows lost, ${crashes} crashes${inconsistent ? `, ${inconsistent} inconsistent warehouses` : ''}`);
  console.log(`${crash.killedMidway} kills, ${crash.problems.length} inconsistencies`);
  failed = fuzz.rowsLost > 0 || crashes > 0 || inconsistent > 0 || crash.problems.length > 0 || crash.killedMidway < kills;
} finally {
  if (values.keep) log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
