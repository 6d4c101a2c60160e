import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scriptStatements, splitStatements } from '../../src/query/sql-statements.ts';

test('statements split at semicolons outside quotes, comments and dollar strings', () => {
  const sql = `SELECT 'a;b' AS x; -- a comment; with a semicolon
SELECT "we;ird" FROM t /* block; comment */ WHERE y = $v;
SELECT $$dollar; string$$, $tag$more; text$tag$;`;
  const { statements, rest, open } = splitStatements(sql);
  assert.equal(statements.length, 3);
  assert.equal(statements[0], "SELECT 'a;b' AS x");
  assert.match(statements[1]!, /WHERE y = \$v$/);
  assert.match(statements[2]!, /\$tag\$more; text\$tag\$$/);
  assert.equal(rest, '');
  assert.equal(open, false);
});

test('an unfinished statement is the rest; a quote left open is reported', () => {
  const partial = splitStatements('SELECT 1;\nSELECT 2\n  FROM t');
  assert.deepEqual(partial.statements, ['SELECT 1']);
  assert.equal(partial.rest, 'SELECT 2\n  FROM t');
  const quoted = splitStatements("SELECT 'it''s; still open");
  assert.deepEqual(quoted.statements, []);
  assert.equal(quoted.open, true);
  assert.deepEqual(scriptStatements('SELECT 1; SELECT 2'), ['SELECT 1', 'SELECT 2']);
  assert.deepEqual(scriptStatements('-- only a comment\n;  ;'), []);
});
