import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tableFromIPC } from 'apache-arrow';
import { DuckDBInstance } from '@duckdb/node-api';
import { tempDir } from '../helpers.ts';
import { buildFixtureWarehouse } from './analyst-fixture.ts';
import { cli } from './cli-capture.ts';

const dir = tempDir();
const db = await buildFixtureWarehouse(dir);
const query = (args: string[], options: { stdin?: string; columns?: number } = {}) => cli(['--db', db, 'query', ...args], { cwd: dir, ...options });
const SEGMENTS = 'SELECT issue, state_code, messages, senders, suppressed FROM v_segments_issue_state ORDER BY issue, state_code';

async function duck(sql: string): Promise<unknown[][]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowsJS() as unknown[][];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

test('csv, json and ndjson give the same rows', async () => {
  const csv = await query([SEGMENTS, '--format', 'csv']);
  const json = await query([SEGMENTS, '--format', 'json']);
  const ndjson = await query([SEGMENTS, '--format', 'ndjson']);
  for (const run of [csv, json, ndjson]) assert.equal(run.code, 0, run.stderr);
  const fromJson = JSON.parse(json.stdout) as Record<string, unknown>[];
  const fromNdjson = ndjson.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.deepEqual(fromNdjson, fromJson);
  const lines = csv.stdout.trim().split('\n');
  assert.equal(lines[0], 'issue,state_code,messages,senders,suppressed');
  assert.equal(lines.length - 1, fromJson.length);
  const first = fromJson[0]!;
  assert.equal(lines[1], [first.issue, first.state_code, first.messages ?? '', first.senders ?? '', first.suppressed].join(','));
  assert.equal(typeof first.suppressed, 'boolean');
  const agua = fromJson.filter((r) => r.issue === 'agua').reduce((sum, r) => sum + Number(r.messages ?? 0), 0);
  assert.ok(agua > 0);
});

test('json keeps instants as ISO 8601 UTC and lists as arrays', async () => {
  const run = await query(["SELECT sent_at, issues, local_time FROM v_messages WHERE message_id = 'm1'", '--format', 'json']);
  const [row] = JSON.parse(run.stdout) as { sent_at: string; issues: string[]; local_time: string }[];
  assert.match(row!.sent_at, /^2026-\d\d-\d\dT\d\d:15:00\.000Z$/);
  assert.ok(Array.isArray(row!.issues));
  assert.match(row!.local_time, /^2026-\d\d-\d\d \d\d:15:00$/, 'a local wall time has no zone');
});

test('parquet is written by DuckDB with the bound parameters and reads back the same', async () => {
  const out = join(dir, 'nle.parquet');
  const run = await query(['SELECT issue, messages FROM v_segments_issue_state WHERE state_code = $state ORDER BY issue', '--param', 'state=MX-NLE', '--format', 'parquet', '--out', 'nle.parquet']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /wrote \d+ rows to nle\.parquet/);
  const back = await duck(`SELECT issue, messages FROM read_parquet('${out}') ORDER BY issue`);
  const csv = await query(['SELECT issue, messages FROM v_segments_issue_state WHERE state_code = $state ORDER BY issue', '--param', 'state=MX-NLE', '--format', 'csv']);
  assert.deepEqual(back.map((r) => `${r[0]},${r[1] ?? ''}`), csv.stdout.trim().split('\n').slice(1));
  writeFileSync(join(dir, 'commented.sql'), 'SELECT 42 AS answer -- a trailing comment');
  const commented = await query(['-f', 'commented.sql', '--format', 'parquet', '--out', 'answer.parquet']);
  assert.equal(commented.code, 0, commented.stderr);
  assert.deepEqual(await duck(`SELECT answer FROM read_parquet('${join(dir, 'answer.parquet')}')`), [[42]]);
  assert.equal((await query(['-f', 'commented.sql', '--format', 'csv'])).stdout, 'answer\n42\n');
  const refused = await query(['SELECT 1', '--format', 'parquet']);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /--format parquet needs --out/);
});

test('arrow is an IPC stream to stdout or a file, with typed columns and the same values', async () => {
  const sql = 'SELECT message_id, sent_at, issues, chain_size, local_hour FROM v_messages ORDER BY message_id';
  const run = await query([sql, '--format', 'arrow']);
  assert.equal(run.code, 0, run.stderr);
  const table = tableFromIPC(run.stdoutBytes);
  const json = JSON.parse((await query([sql, '--format', 'json'])).stdout) as { message_id: string; sent_at: string; issues: string[]; local_hour: number }[];
  assert.equal(table.numRows, json.length);
  assert.deepEqual(table.schema.fields.map((f) => `${f.name}:${f.type}`),
    ['message_id:Utf8', 'sent_at:Timestamp<MILLISECOND, UTC>', 'issues:List<Utf8>', 'chain_size:Int32', 'local_hour:Int32']);
  for (const i of [0, 17, json.length - 1]) {
    const row = table.get(i)!;
    assert.equal(row.message_id, json[i]!.message_id);
    assert.equal(new Date(Number(row.sent_at)).toISOString(), json[i]!.sent_at);
    assert.deepEqual([...(row.issues as Iterable<string>)], json[i]!.issues);
    assert.equal(row.local_hour, json[i]!.local_hour);
  }
  const toFile = await query([sql, '--format', 'arrow', '--out', 'm.arrows']);
  assert.equal(toFile.code, 0, toFile.stderr);
  assert.equal(tableFromIPC(readFileSync(join(dir, 'm.arrows'))).numRows, json.length);
});

test('SQL comes from the argument, a file or stdin alike', async () => {
  const sql = "SELECT count(*) AS n FROM v_messages WHERE direction = 'in';\n";
  writeFileSync(join(dir, 'q.sql'), `-- inbound messages\n${sql}`);
  const fromArg = await query([sql, '--format', 'csv']);
  const fromFile = await query(['-f', 'q.sql', '--format', 'csv']);
  const fromStdin = await query(['--format', 'csv'], { stdin: sql });
  const fromDash = await query(['-f', '-', '--format', 'csv'], { stdin: sql });
  for (const run of [fromArg, fromFile, fromStdin, fromDash]) assert.equal(run.stdout, 'n\n99\n', run.stderr);
  const none = await query([]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no SQL: give it as an argument, with -f FILE, or on stdin/);
});

test('a parameter value with quotes and a semicolon stays a value', async () => {
  const hostile = "x'); DROP TABLE messages; SELECT ('";
  const run = await query(['SELECT $v AS v, length($v) AS n, (SELECT count(*) FROM v_messages WHERE body = $v) AS matches', '--param', `v=${hostile}`, '--format', 'json']);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), [{ v: hostile, n: hostile.length, matches: 0 }]);
  const still = await query(['SELECT count(*) AS n FROM messages', '--format', 'csv']);
  assert.equal(still.stdout, 'n\n100\n');
  const typed = await query(['SELECT count(*) AS n FROM v_messages WHERE local_hour >= $h::INTEGER', '--param', 'h=20', '--format', 'csv']);
  assert.equal(typed.code, 0, typed.stderr);
  const missing = await query(['SELECT $nope']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /uses \$nope: pass --param nope=VALUE/);
  const unused = await query(['SELECT 1', '--param', 'typo=1']);
  assert.equal(unused.code, 2);
  assert.match(unused.stderr, /--param typo: the query has no \$typo placeholder/);
});

test('writes are refused with a clear message unless --write', async () => {
  for (const sql of ['DELETE FROM messages', "UPDATE settings SET value = '1' WHERE key = 'k_anonymity'", 'CREATE TABLE x (a INTEGER)', 'DROP VIEW v_messages']) {
    const run = await query([sql]);
    assert.equal(run.code, 1, sql);
    assert.match(run.stderr, /^error: refused: the warehouse is open read-only and this [A-Z_ ]+ statement would change it \(run again with --write to allow changes\)\n$/, sql);
  }
  assert.equal((await query(['SELECT count(*) AS n FROM messages', '--format', 'csv'])).stdout, 'n\n100\n');
  const temp = await query(['CREATE TEMP TABLE t AS SELECT 41 AS a; SELECT a + 1 AS b FROM t', '--format', 'csv']);
  assert.equal(temp.stdout, 'b\n42\n', 'a script may use temp tables in read-only mode');
  const write = await cli(['--db', db, 'query', '--write', "CREATE TABLE analyst_notes AS SELECT 'hola' AS note"], { cwd: dir });
  assert.equal(write.code, 0, write.stderr);
  assert.equal((await query(['SELECT note FROM analyst_notes', '--format', 'csv'])).stdout, 'note\nhola\n');
});

test('a table is aligned, fits the terminal and says how many rows were not shown', async () => {
  const run = await query(['SELECT message_id, sender_key, body, chain_size FROM v_messages ORDER BY message_id', '--max-rows', '5'], { columns: 60 });
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 2 + 5 + 1);
  for (const line of lines) assert.ok(line.length <= 60, `"${line}" fits 60 columns`);
  assert.equal(lines.at(-1), '(100 rows, 95 not shown: use --max-rows N or --format csv)');
  const bars = lines.slice(0, -1).map((l) => [...l.matchAll(/[│┼]/g)].map((m) => m.index));
  assert.ok(bars.every((b) => JSON.stringify(b) === JSON.stringify(bars[0])), 'column separators line up');
  assert.match(lines[2]!, /…/, 'long values are cut with an ellipsis');
  assert.match(lines[2]!, / 1$/, 'numbers are right-aligned');
  const small = await query(['SELECT 1 AS one']);
  assert.equal(small.stdout, 'one\n───\n  1\n(1 row)\n');
  const described = await query(['DESCRIBE v_segments_issue_state']);
  assert.match(described.stdout, /^column_name +│ column_type/, 'statements that are not plain queries print too');
  assert.match(described.stdout, /suppressed +│ BOOLEAN/);
});

test('a SQL error is one line naming the problem', async () => {
  const run = await query(['SELECT nope FROM v_messages']);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /^error: Binder Error: Referenced column "nope" not found/);
  assert.equal(run.stderr.trim().split('\n').length, 1);
});

test('a SQL error that quotes a phone number shows it masked', async () => {
  const run = await query(["SELECT CAST('+52 55 1234 5678' AS INTEGER)"]);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /^error: Conversion Error/);
  assert.doesNotMatch(run.stderr, /1234/, run.stderr);
  assert.match(run.stderr, /5678/, 'the last four digits stay, so the analyst can tell which value it was');
});
