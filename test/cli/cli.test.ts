import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FIXTURES, tempDir } from '../helpers.ts';

const BIN = new URL('../../bin/buzon.js', import.meta.url).pathname;

/** Runs the CLI the way a user does: a child process with its own stdout, stderr and exit code. */
function buzon(args: string[], cwd: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', BUZON_DB: '', ...env }, timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('--help lists the pipeline commands and --version prints the version', () => {
  const dir = tempDir();
  const help = buzon(['--help'], dir);
  assert.equal(help.code, 0);
  for (const command of ['generate', 'import', 'build', 'report', 'query', 'demo']) assert.match(help.stdout, new RegExp(`\\n  ${command}`));
  const version = buzon(['--version'], dir);
  assert.equal(version.stdout.trim(), JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
});

test('every subcommand explains itself with an example', () => {
  const dir = tempDir();
  for (const command of ['generate', 'import', 'build', 'report', 'query', 'demo']) {
    const help = buzon([command, '--help'], dir);
    assert.equal(help.code, 0, command);
    assert.match(help.stdout, /Example/, `${command} --help has an example`);
  }
});

test('usage errors exit 2 and user errors exit 1 with one line on stderr', () => {
  const dir = tempDir();
  const usage = buzon(['import', '--format', 'docx', 'x.csv'], dir);
  assert.equal(usage.code, 2);
  const missing = buzon(['import', 'nope.csv'], dir);
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr.trim(), 'error: nope.csv: no such file or folder');
  const badSql = buzon(['query', 'SELEC 1'], dir);
  assert.equal(badSql.code, 1);
  assert.equal(badSql.stderr.trim().split('\n').length, 1);
});

test('import, build and query from the shell', () => {
  const dir = tempDir();
  const imported = buzon(['import', join(FIXTURES, 'canonical/week-sample.csv')], dir);
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stderr, /7 rows read, 7 messages/);
  assert.ok(existsSync(join(dir, 'buzon.duckdb')));
  assert.ok(existsSync(join(dir, 'buzon.duckdb.key')));

  const built = buzon(['build'], dir);
  assert.equal(built.code, 0, built.stderr);
  assert.match(built.stderr, /messages_by_hour_of_week\s+rebuilt/);

  const query = buzon(['query', 'SELECT weekday, hour, messages FROM messages_by_hour_of_week WHERE messages >= $min ORDER BY weekday, hour', '--param', 'min=2', '--format', 'csv'], dir);
  assert.equal(query.code, 0, query.stderr);
  assert.equal(query.stdout, 'weekday,hour,messages\n1,20,3\n');

  const refused = buzon(['query', 'DELETE FROM messages'], dir);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /read-only/);
});
