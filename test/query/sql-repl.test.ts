import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { runRepl } from '../../src/query/sql-repl.ts';
import { memoryContext, tempDir } from '../helpers.ts';
import { buildAnalystFixture, buildFixtureWarehouse } from './analyst-fixture.ts';
import { cli } from './cli-capture.ts';

const context = await memoryContext();
await buildAnalystFixture(context, tempDir());

/** Drives the prompt with typed lines, as a person would, and returns what it printed. */
async function session(lines: string[], historyFile?: string): Promise<{ out: string; err: string }> {
  const input = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  const done = runRepl({
    context,
    input,
    output: { write: (s: string | Uint8Array) => out.push(String(s)), columns: 100 },
    errors: { write: (s: string | Uint8Array) => err.push(String(s)) },
    historyFile,
  });
  for (const line of lines) input.write(`${line}\n`);
  input.end();
  await done;
  return { out: out.join(''), err: err.join('') };
}

test('multi-line input runs when the statement ends with a semicolon', async () => {
  const { out, err } = await session([
    'SELECT direction,',
    '       count(*) AS n',
    "FROM v_messages WHERE coalesce(body, '') <> 'a;b'",
    'GROUP BY ALL ORDER BY direction;',
    'SELECT 1 AS a; SELECT 2 AS b;',
  ]);
  assert.equal(err, '');
  assert.match(out, /direction │  n\n─+┼─+\nin        │ 99\nout       │  1\n\(2 rows\)/);
  assert.match(out, /a\n─\n1\n\(1 row\)\nb\n─\n2\n\(1 row\)/);
});

test('.tables lists the analyst views first and .schema shows types and meanings', async () => {
  const { out } = await session(['.tables', '.schema v_segments_issue_state']);
  const tableLines = out.split('\n');
  const firstRow = tableLines[2]!;
  assert.match(firstRow, /^v_audience_silos +│ view/);
  assert.match(out, /segment_cube +│ table/);
  assert.match(out, /suppressed +│ BOOLEAN +│ true when fewer than k distinct senders/);
  assert.match(out, /state_code +│ VARCHAR +│ ISO 3166-2:MX code/);
});

test('errors are one line and the prompt goes on; .format, .param and .quit work', async () => {
  const { out, err } = await session([
    'SELECT nope;',
    '.schema no_such_view',
    '.wat',
    '.format csv',
    ".param issue=agua'; --",
    'SELECT $issue AS issue;',
    '.quit',
    'SELECT 99 AS never;',
  ]);
  assert.match(err, /^error: Binder Error: Referenced column "nope" [^\n]*\nerror: no table or view named no_such_view \(see \.tables\)\nerror: unknown command \.wat \(try \.help\)\n$/);
  assert.equal(out, "issue\nagua'; --\n");
});

test('a statement left without a semicolon at the end of input still runs', async () => {
  const { out } = await session(['SELECT 7 AS seven']);
  assert.match(out, /seven\n─+\n +7\n\(1 row\)/);
});

test('history is kept in the history file (mode 0600) and offered back with the up arrow', async () => {
  const dir = tempDir();
  const file = join(dir, '.buzon_history');
  await session(['SELECT 40 + 2 AS answer;', '', '.format csv'], file);
  assert.equal(readFileSync(file, 'utf8'), 'SELECT 40 + 2 AS answer;\n.format csv\n');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  // At a terminal: up arrow twice recalls the SELECT typed in the last session.
  const input = new PassThrough();
  const output = new PassThrough();
  const printed: string[] = [];
  output.on('data', (chunk: Buffer) => printed.push(chunk.toString()));
  const done = runRepl({ context, input, output: Object.assign(output, { columns: 80 }), historyFile: file, terminal: true });
  input.write('\x1b[A\x1b[A\r');
  input.end();
  await done;
  const screen = printed.join('').replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
  assert.match(screen, /answer\n─+\n +42\n\(1 row\)/);
});

test('buzon sql reads the prompt from stdin, read-only, history in ~/.buzon_history', async () => {
  const dir = tempDir();
  const db = await buildFixtureWarehouse(dir);
  const run = await cli(['--db', db, 'sql'], { cwd: dir, stdin: 'SELECT count(*) AS n\nFROM v_contacts;\nDELETE FROM messages;\n' });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^ *n\n─+\n12\n\(1 row\)\n$/);
  assert.match(run.stderr, /error: refused: the warehouse is open read-only/);
  assert.ok(existsSync(join(dir, '.buzon_history')), 'HOME/.buzon_history');
  assert.equal(readFileSync(join(dir, '.buzon_history'), 'utf8'), 'SELECT count(*) AS n\nFROM v_contacts;\nDELETE FROM messages;\n');
});
