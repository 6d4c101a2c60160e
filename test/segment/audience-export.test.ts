import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CliIo } from '../../src/cli/cli-io.ts';
import { runCli } from '../../src/cli/program.ts';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { openContext } from '../../src/db/context.ts';
import { exportAudience } from '../../src/segment/audience-export.ts';
import { buildModels } from '../../src/segment/sql-runner.ts';
import { addSyntheticBatch, fixtureSenderKey, loadSegmentFixture, setK } from './segment-fixture.ts';

const key = fixtureSenderKey;

async function cli(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (chunk: string | Uint8Array) => { stdout += String(chunk); return true; } },
    stderr: { write: (chunk: string) => { stderr += chunk; return true; } },
    env: { NO_COLOR: '1' },
    cwd,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

let template: Promise<string> | undefined;

/** The segment fixture built at k = 3, once; each test works on its own copy. */
async function templateWarehouse(): Promise<string> {
  template ??= (async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'buzon-audience-template-')), 'w.duckdb');
    const ctx = await openContext({ db, logger: createMemoryLogger() });
    await loadSegmentFixture(ctx);
    await setK(ctx.warehouse, 3);
    await buildModels(ctx);
    await ctx.warehouse.checkpoint();
    ctx.warehouse.close();
    return db;
  })();
  return template;
}

async function fixtureWarehouse(): Promise<{ dir: string; db: string; run: (...args: string[]) => ReturnType<typeof cli> }> {
  const source = await templateWarehouse();
  const dir = mkdtempSync(join(tmpdir(), 'buzon-audience-'));
  const db = join(dir, 'w.duckdb');
  copyFileSync(source, db);
  copyFileSync(`${source}.key`, `${db}.key`);
  return { dir, db, run: (...args: string[]) => cli(dir, ['--db', db, ...args]) };
}

after(async () => {
  if (template) rmSync(dirname(await template), { recursive: true, force: true });
});

function csvRows(text: string): Array<Record<string, string>> {
  const [header, ...lines] = text.trim().split('\n');
  const columns = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i]!, v])));
}

async function exportLog(db: string) {
  const ctx = await openContext({ db, logger: createMemoryLogger() });
  try {
    return await ctx.warehouse.all('SELECT * FROM export_log ORDER BY export_id');
  } finally {
    ctx.warehouse.close();
  }
}

test('audience list shows every silo; a silo below k shows "<k", never its size', async () => {
  const { dir, run } = await fixtureWarehouse();
  const result = await run('audience', 'list', '--format', 'csv');
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(csvRows(result.stdout), [
    { silo_key: 'seguridad:MX-NLE:25-34', issue: 'seguridad', state_code: 'MX-NLE', age_band: '25-34', contacts: '4' },
    { silo_key: 'agua:MX-NLE:25-34', issue: 'agua', state_code: 'MX-NLE', age_band: '25-34', contacts: '<3' },
    { silo_key: 'educacion:MX-CMX:18-24', issue: 'educacion', state_code: 'MX-CMX', age_band: '18-24', contacts: '<3' },
    { silo_key: 'transporte:desconocido:desconocido', issue: 'transporte', state_code: 'desconocido', age_band: 'desconocido', contacts: '<3' },
  ]);
  rmSync(dir, { recursive: true });
});

test('export --where writes pseudonymous keys with silo attributes and logs who, what, how many and the file hash', async () => {
  const { dir, db, run } = await fixtureWarehouse();
  const out = join(dir, 'seguridad.csv');
  const result = await run('audience', 'export', '--where', "issue = 'seguridad' and state = 'NL'", '--out', out);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /exported 4 contacts to .*seguridad\.csv/);
  const text = readFileSync(out, 'utf8');
  const rows = csvRows(text);
  assert.deepEqual(rows.map((r) => r.sender_key).sort(), [key('ana'), key('beto'), key('carla'), key('ivan')].sort());
  assert.deepEqual(Object.keys(rows[0]!), ['sender_key', 'silo_key', 'issue', 'state_code', 'age_band', 'best_day_part', 'best_week_part', 'first_seen', 'last_seen', 'messages_in', 'messages_out']);
  const ana = rows.find((r) => r.sender_key === key('ana'))!;
  assert.deepEqual(ana, {
    sender_key: key('ana'), silo_key: 'seguridad:MX-NLE:25-34', issue: 'seguridad', state_code: 'MX-NLE', age_band: '25-34',
    best_day_part: 'manana', best_week_part: 'weekday', first_seen: '2026-09-14T15:00:00Z', last_seen: '2026-09-19T02:00:00Z',
    messages_in: '3', messages_out: '1',
  });
  assert.ok(!/\+52/.test(text), 'no phone numbers without --reveal-phones');
  const [log] = await exportLog(db);
  assert.equal(log!.selection, 'where');
  assert.equal(log!.filter_text, "issue = 'seguridad' and state = 'NL'");
  assert.equal(log!.row_count, 4);
  assert.equal(log!.revealed_phones, false);
  assert.equal(log!.out_file, out);
  assert.equal(log!.sha256, createHash('sha256').update(readFileSync(out)).digest('hex'));
  assert.ok(typeof log!.who === 'string' && (log!.who as string).length > 0);
  rmSync(dir, { recursive: true });
});

test('opted-out contacts and silos below k never leave in an export, however it is asked', async () => {
  const { dir, db, run } = await fixtureWarehouse();
  // Everything: only the one silo of at least k contacts; elena (opted out) and hugo (a silo of 1) are absent.
  const all = await run('audience', 'export');
  assert.equal(all.code, 0, all.stderr);
  const keys = csvRows(all.stdout).map((r) => r.sender_key);
  assert.deepEqual(keys.sort(), [key('ana'), key('beto'), key('carla'), key('ivan')].sort());
  assert.match(all.stderr, /contacts in silos with fewer than k = 3 contacts were left out/);
  assert.ok(!/left out.*\d+ contact/.test(all.stderr.replace('k = 3', '')), 'the number left out is not shown');

  // Naming the opted-out contact or a small silo directly does not help.
  const elena = await run('audience', 'export', '--where', `sender_key = '${key('elena')}'`);
  assert.equal(elena.code, 0);
  assert.deepEqual(csvRows(elena.stdout), [], 'an opted-out contact is not in any audience');
  const hugo = await run('audience', 'export', '--where', "state = 'MX-NLE'", '--out', join(dir, 'nl.csv'));
  assert.equal(hugo.code, 0);
  assert.ok(!readFileSync(join(dir, 'nl.csv'), 'utf8').includes(key('hugo')));
  const silo = await run('audience', 'export', '--silo', 'agua:MX-NLE:25-34');
  assert.equal(silo.code, 1);
  assert.equal(silo.stderr, 'error: silo "agua:MX-NLE:25-34" has fewer than k = 3 contacts; it cannot be exported\n');
  // A filter narrowing a large silo down to fewer than k contacts is refused too.
  const one = await run('audience', 'export', '--where', `sender_key = '${key('ana')}'`, '--out', join(dir, 'one.csv'));
  assert.equal(one.code, 1);
  assert.match(one.stderr, /fewer than k = 3 exportable contacts/);
  assert.ok(!existsSync(join(dir, 'one.csv')));
  assert.equal((await exportLog(db)).length, 3, 'refused exports are not logged as exports');

  // An opt-out that arrives after the build makes the audience stale: no export until it is rebuilt.
  const ctx = await openContext({ db, logger: createMemoryLogger() });
  await ctx.warehouse.run('UPDATE sender_enrichment SET opted_out = true WHERE sender_key = $k', { k: key('ana') });
  ctx.warehouse.close();
  const stale = await run('audience', 'export');
  assert.equal(stale.code, 1);
  assert.match(stale.stderr, /^error: the audience is out of date \(.*\): run `buzon build` first\n$/);
  assert.equal((await run('build')).code, 0);
  const rebuilt = await run('audience', 'export');
  assert.equal(rebuilt.code, 0, rebuilt.stderr);
  assert.deepEqual(csvRows(rebuilt.stdout).map((r) => r.sender_key).sort(), [key('beto'), key('carla'), key('ivan')].sort());
  rmSync(dir, { recursive: true });
});

test('--reveal-phones adds numbers only with the warehouse key, writes the file private, and is logged', async () => {
  const { dir, db, run } = await fixtureWarehouse();
  const out = join(dir, 'phones.csv');
  const result = await run('audience', 'export', '--silo', 'seguridad:MX-NLE:25-34', '--reveal-phones', '--out', out);
  assert.equal(result.code, 0, result.stderr);
  const rows = csvRows(readFileSync(out, 'utf8'));
  assert.deepEqual(rows.map((r) => r.phone).sort(), ['+528100000001', '+528100000002', '+528100000003', '+528100000009']);
  assert.equal(statSync(out).mode & 0o777, 0o600);
  assert.match(result.stderr, /phone numbers revealed/);
  const [log] = await exportLog(db);
  assert.deepEqual([log!.selection, log!.filter_text, log!.resolved_filter, log!.revealed_phones, log!.row_count],
    ['silo', 'seguridad:MX-NLE:25-34', "silo = 'seguridad:MX-NLE:25-34'", true, 4]);

  // Without the key file, or with another warehouse's key, no numbers.
  const otherKey = join(dir, 'other.key');
  writeFileSync(otherKey, `${'ab'.repeat(32)}\n`, { mode: 0o600 });
  const wrong = await run('--key-file', otherKey, 'audience', 'export', '--reveal-phones', '--out', join(dir, 'wrong.csv'));
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /key file does not belong to this warehouse/);
  rmSync(`${db}.key`);
  const missing = await run('audience', 'export', '--reveal-phones', '--out', join(dir, 'missing.csv'));
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--reveal-phones needs the warehouse key file/);
  assert.ok(!existsSync(join(dir, 'missing.csv')) && !existsSync(join(dir, 'wrong.csv')));
  rmSync(dir, { recursive: true });
});

test('saved segments are listed, reused by export --segment, and deleted', async () => {
  const { dir, db, run } = await fixtureWarehouse();
  assert.equal((await run('segment', 'save', 'seguridad-nl', '--where', "issue = 'seguridad' and state = 'MX-NLE'")).code, 0);
  const bad = await run('segment', 'save', 'broken', '--where', "colour = 'red'");
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^error: --where: unknown column "colour"; allowed: issue, /);
  const list = await run('segment', 'list', '--format', 'csv');
  assert.match(list.stdout, /^name,where,created_by,updated_at\nseguridad-nl,issue = 'seguridad' and state = 'MX-NLE',/);
  const exported = await run('audience', 'export', '--segment', 'seguridad-nl', '--out', join(dir, 's.csv'));
  assert.equal(exported.code, 0, exported.stderr);
  assert.equal(csvRows(readFileSync(join(dir, 's.csv'), 'utf8')).length, 4);
  const [log] = await exportLog(db);
  assert.deepEqual([log!.selection, log!.filter_text, log!.resolved_filter], ['segment', 'seguridad-nl', "issue = 'seguridad' and state = 'MX-NLE'"]);
  assert.equal((await run('segment', 'delete', 'seguridad-nl')).code, 0);
  const gone = await run('audience', 'export', '--segment', 'seguridad-nl');
  assert.equal(gone.code, 1);
  assert.match(gone.stderr, /no saved segment "seguridad-nl"/);
  const both = await run('audience', 'export', '--segment', 'x', '--silo', 'y');
  assert.equal(both.code, 2);
  rmSync(dir, { recursive: true });
});

test('CSV cells that a spreadsheet would run as a formula are neutralised', async () => {
  const { dir, db, run } = await fixtureWarehouse();
  const ctx = await openContext({ db, logger: createMemoryLogger() });
  await ctx.warehouse.run("UPDATE sender_enrichment SET age_band = '=HYPERLINK(\"http://x\")' WHERE state_code = 'MX-NLE'");
  ctx.warehouse.close();
  assert.equal((await run('build')).code, 0);
  const result = await run('audience', 'export', '--where', "issue = 'seguridad'");
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.trim().split('\n').slice(1);
  assert.equal(lines.length, 4);
  for (const line of lines) assert.match(line, /,"'=HYPERLINK\(""http:\/\/x""\)",/);
  rmSync(dir, { recursive: true });
});

test('on a larger audience, no export ever holds an opted-out contact or a member of a small silo', async () => {
  const ctx = await openContext({ db: ':memory:', logger: createMemoryLogger() });
  await addSyntheticBatch(ctx, { messages: 4000, senders: 800, seed: 3 });
  // Fewer states and bands than the synthetic default, so silos range from 1 to a few dozen contacts.
  await ctx.warehouse.run(`UPDATE sender_enrichment SET
    state_code = CASE WHEN state_code IS NOT NULL THEN ['MX-NLE', 'MX-CMX'][CAST(1 + hash(sender_key) % 2 AS BIGINT)] END,
    age_band = CASE WHEN age_band IS NOT NULL THEN ['18-24', '65+'][CAST(1 + hash(sender_key, 'a') % 2 AS BIGINT)] END`);
  await setK(ctx.warehouse, 6);
  await buildModels(ctx);
  const sizes = await ctx.warehouse.one<{ small: number; large: number }>(
    'SELECT count(*) FILTER (WHERE suppressed) AS small, count(*) FILTER (WHERE NOT suppressed) AS large FROM audience_silos');
  assert.ok(sizes!.small > 5 && sizes!.large > 5, JSON.stringify(sizes));
  const forbidden = new Set((await ctx.warehouse.all<{ sender_key: string }>(`
    SELECT sender_key FROM sender_enrichment WHERE opted_out
    UNION SELECT m.sender_key FROM audience_members m JOIN audience_silos s USING (silo_key) WHERE s.suppressed`)).map((r) => r.sender_key));
  assert.ok(forbidden.size > 20);
  const filters = [undefined, "issue = 'seguridad'", "state in ('MX-NLE', 'MX-CMX') or age_band = '65+'", "messages_in >= 1", "not (issue = 'agua')"];
  let exported = 0;
  for (const where of filters) {
    let text = '';
    const result = await exportAudience(ctx, { where, stdout: { write: (chunk: string) => { text += chunk; } } });
    const keys = csvRows(text).map((r) => r.sender_key!);
    assert.equal(keys.length, result.rows);
    assert.ok(keys.every((k) => !forbidden.has(k)), where ?? "everyone");
    exported += keys.length;
  }
  assert.ok(exported > 100);
  ctx.warehouse.close();
});

test('buzon build prints one line per model: fresh when nothing changed, rebuilt with --full', async () => {
  const { dir, run } = await fixtureWarehouse();
  const again = await run('build');
  assert.equal(again.code, 0, again.stderr);
  const lines = again.stderr.trim().split('\n');
  assert.ok(lines.length >= 10);
  for (const line of lines) assert.match(line, /^[a-z_]+\s+fresh\s+(\d+|view) rows\s+\d+ ms$/);
  assert.match(again.stderr, /^audience_silos\s+fresh\s+4 rows/m);
  const full = await run('build', '--full');
  assert.equal(full.code, 0, full.stderr);
  assert.match(full.stderr, /^segment_cube\s+rebuilt\s+\d+ rows\s+\d+ ms$/m);
  assert.ok(!/fresh/.test(full.stderr));
  rmSync(dir, { recursive: true });
});
