import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../src/core/errors.ts';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { openContext } from '../../src/db/context.ts';
import { audienceColumns } from '../../src/segment/audience-columns.ts';
import { compileWhere } from '../../src/segment/filter-compiler.ts';
import { filterColumns, parseFilter } from '../../src/segment/filter-parser.ts';

test('parses comparisons joined by and / or with the usual precedence, and parentheses', () => {
  assert.deepEqual(parseFilter("issue = 'seguridad' or issue = 'agua' and state = 'MX-NLE'"), {
    kind: 'or',
    left: { kind: 'compare', column: 'issue', op: '=', value: 'seguridad' },
    right: {
      kind: 'and',
      left: { kind: 'compare', column: 'issue', op: '=', value: 'agua' },
      right: { kind: 'compare', column: 'state', op: '=', value: 'MX-NLE' },
    },
  });
  assert.deepEqual(parseFilter("(issue = 'a' OR issue = 'b') AND messages_in >= 3"), {
    kind: 'and',
    left: {
      kind: 'or',
      left: { kind: 'compare', column: 'issue', op: '=', value: 'a' },
      right: { kind: 'compare', column: 'issue', op: '=', value: 'b' },
    },
    right: { kind: 'compare', column: 'messages_in', op: '>=', value: 3 },
  });
  assert.deepEqual(parseFilter("age_band not in ('18-24', '25-34')"), { kind: 'in', column: 'age_band', negated: true, values: ['18-24', '25-34'] });
  assert.deepEqual(parseFilter("silo like 'agua:%'"), { kind: 'like', column: 'silo', negated: false, pattern: 'agua:%' });
  assert.deepEqual(parseFilter('day_part is not null'), { kind: 'null', column: 'day_part', negated: true });
  assert.deepEqual(parseFilter("not state <> 'MX-CMX'"), { kind: 'not', operand: { kind: 'compare', column: 'state', op: '!=', value: 'MX-CMX' } });
  assert.deepEqual(parseFilter("state = 'O''Higgins'"), { kind: 'compare', column: 'state', op: '=', value: "O'Higgins" });
  assert.deepEqual(filterColumns(parseFilter("issue = 'a' and (state = 'b' or issue = 'c')")), ['issue', 'state']);
});

test('malformed filters fail with one line saying where', () => {
  const cases: Array<[string, RegExp]> = [
    ['', /empty filter/],
    ["issue = 'seguridad", /closing quote/],
    ["issue = 'a' state = 'b'", /unexpected "state".*and \/ or.*character 13/],
    ["issue == 'a'", /expected a value/],
    ["(issue = 'a'", /expected "\)"/],
    ["issue 'a'", /expected an operator/],
    ["= 'a'", /expected a column name/],
    ['issue = seguridad', /expected a value \('text' or a number\), found "seguridad"/],
    ["issue in ()", /expected a value/],
    ["issue like 3", /like takes a quoted pattern/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseFilter(text), (error: unknown) => {
      assert.ok(error instanceof UsageError, text);
      assert.match(error.message, message, text);
      assert.ok(!error.message.includes('\n'));
      return true;
    });
  }
});

test('an unknown column fails naming the allowed columns', () => {
  assert.throws(() => compileWhere("phone = '+5281'", audienceColumns()), (error: Error) => {
    assert.ok(error instanceof UsageError);
    assert.match(error.message, /unknown column "phone"; allowed: issue, mentions, state, age_band, silo, day_part, week_part, first_seen, last_seen, messages_in/);
    return true;
  });
});

test('values are bound parameters, never SQL: injection attempts stay values or fail cleanly', async () => {
  // The statement separator is not part of the grammar.
  assert.throws(() => parseFilter("issue = 'x'; DROP TABLE messages; --'"), /unexpected ";"/);
  assert.throws(() => parseFilter("issue = 'x' -- comment"), /unexpected "-"/);
  assert.throws(() => parseFilter('issue = "x"'), /unexpected """/);
  // Inside quotes it is just text, bound as a parameter.
  const compiled = compileWhere("issue = 'x''; DROP TABLE messages; --' or state = 'MX-NLE'", audienceColumns());
  assert.ok(!compiled.sql.includes('DROP'));
  assert.deepEqual(Object.values(compiled.params), ["x'; DROP TABLE messages; --", 'MX-NLE']);
  assert.match(compiled.sql, /primary_issue = \$f1/);

  const ctx = await openContext({ db: ':memory:', logger: createMemoryLogger() });
  await ctx.warehouse.run(`CREATE TABLE audience AS SELECT * FROM (VALUES
    ('seguridad', 'MX-NLE', 3, ['seguridad', 'agua']), ('agua', 'MX-CMX', 1, ['agua']), ($weird, NULL, 2, [])) t(primary_issue, state_code, messages_in, mentions)`,
  { weird: "x'; DROP TABLE messages; --" });
  const run = async (where: string) => {
    const filter = compileWhere(where, audienceColumns());
    return (await ctx.warehouse.all<{ primary_issue: string }>(`SELECT primary_issue FROM audience WHERE ${filter.sql} ORDER BY 1`, filter.params)).map((r) => r.primary_issue);
  };
  assert.deepEqual(await run("issue = 'x''; DROP TABLE messages; --'"), ["x'; DROP TABLE messages; --"]);
  assert.equal(await ctx.warehouse.scalar('SELECT count(*) FROM messages'), 0, 'messages still exists');
  assert.deepEqual(await run("state = 'NL'"), ['seguridad'], 'state abbreviations resolve to ISO codes');
  assert.deepEqual(await run("state = 'Nuevo León' or state = 'cdmx'"), ['agua', 'seguridad']);
  assert.deepEqual(await run("state != 'MX-NLE'"), ['agua', "x'; DROP TABLE messages; --"], 'an unknown state is "not Nuevo León"');
  assert.deepEqual(await run("mentions = 'agua'"), ['agua', 'seguridad']);
  assert.deepEqual(await run("mentions in ('seguridad', 'salud') or messages_in < 2"), ['agua', 'seguridad']);
  assert.deepEqual(await run("not (issue like 'seg%') and messages_in >= '1'"), ['agua', "x'; DROP TABLE messages; --"]);
  assert.deepEqual(await run('state is null'), ["x'; DROP TABLE messages; --"]);
  assert.throws(() => compileWhere("state = 'Narnia'", audienceColumns()), /unknown state 'Narnia'/);
  assert.throws(() => compileWhere("messages_in > 'many'", audienceColumns()), /messages_in is a number/);
  assert.throws(() => compileWhere("first_seen > 'yesterday'", audienceColumns()), /takes a date or time/);
  assert.throws(() => compileWhere("messages_in like '1%'", audienceColumns()), /like works on text columns/);
  ctx.warehouse.close();
});

test('timestamps without an offset are read in the given time zone', async () => {
  const ctx = await openContext({ db: ':memory:', logger: createMemoryLogger() });
  await ctx.warehouse.run(`CREATE TABLE audience AS SELECT * FROM (VALUES
    ('early', TIMESTAMPTZ '2026-09-15 05:30:00+00'), ('late', TIMESTAMPTZ '2026-09-15 06:30:00+00')) t(primary_issue, first_seen)`);
  const run = async (where: string) => {
    const filter = compileWhere(where, audienceColumns(), { timeZone: 'America/Mexico_City' });
    return (await ctx.warehouse.all<{ primary_issue: string }>(`SELECT primary_issue FROM audience WHERE ${filter.sql}`, filter.params)).map((r) => r.primary_issue);
  };
  // Midnight in Mexico City is 06:00 UTC.
  assert.deepEqual(await run("first_seen >= '2026-09-15'"), ['late']);
  assert.deepEqual(await run("first_seen >= '2026-09-15T00:00:00Z'"), ['early', 'late']);
  ctx.warehouse.close();
});
