import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { catalogColumns } from '../../src/query/analyst-views.ts';
import { DATA_DICTIONARY } from '../../src/query/data-dictionary.ts';
import { readDictionary } from '../../src/query/dictionary-writer.ts';
import { memoryContext, tempDir } from '../helpers.ts';
import { buildAnalystFixture, buildFixtureWarehouse } from './analyst-fixture.ts';
import { cli } from './cli-capture.ts';

test('the dictionary describes every column of every view, and nothing else', async () => {
  const context = await memoryContext();
  await buildAnalystFixture(context, tempDir());
  const catalog = await catalogColumns(context, DATA_DICTIONARY.map((v) => v.name));
  for (const doc of DATA_DICTIONARY) {
    const actual = catalog.get(doc.name)!.map((c) => c.name);
    assert.deepEqual(actual, Object.keys(doc.columns), `${doc.name}: view columns vs src/query/data-dictionary.ts (same names, same order)`);
    for (const p of doc.partitionBy) assert.ok(actual.includes(p), `${doc.name} has its partition column ${p}`);
    for (const [name, meaning] of Object.entries(doc.columns)) assert.ok(meaning.length >= 10, `${doc.name}.${name} has a real description`);
  }
  const dictionary = await readDictionary(context);
  assert.deepEqual(dictionary.drift, []);
  const sentAt = dictionary.views.find((v) => v.name === 'v_messages')!.columns.find((c) => c.name === 'sent_at')!;
  assert.equal(sentAt.type, 'TIMESTAMP WITH TIME ZONE', 'types come from the catalogue');
  assert.match(sentAt.example, /^2026-(09|10)-\d\d \d\d:\d\d:\d\d\+00$/, 'examples come from the data');
  context.warehouse.close();
});

test('buzon docs writes markdown and HTML with every view, column, type and example', async () => {
  const dir = tempDir();
  const db = await buildFixtureWarehouse(dir);
  const run = await cli(['--db', db, 'docs', '--out', 'dictionary'], { cwd: dir });
  assert.equal(run.code, 0, run.stderr);
  const md = readFileSync(join(dir, 'dictionary', 'data-dictionary.md'), 'utf8');
  const html = readFileSync(join(dir, 'dictionary', 'data-dictionary.html'), 'utf8');
  for (const doc of DATA_DICTIONARY) {
    assert.ok(md.includes(`## ${doc.name}`), `markdown has ${doc.name}`);
    assert.ok(html.includes(`<h2>${doc.name}</h2>`), `html has ${doc.name}`);
    for (const column of Object.keys(doc.columns)) assert.ok(md.includes(`| \`${column}\` |`), `markdown has ${doc.name}.${column}`);
  }
  assert.match(md, /\| `issue` \| VARCHAR \| issue key from the taxonomy/);
  assert.match(md, /\| `body` \| VARCHAR \| .* \| `\(personal data, not shown\)` \|/);
  assert.match(md, /schema version \d+ \(DuckDB v1\.\d+\.\d+\)/);
  assert.doesNotMatch(html, /<script/i, 'the HTML is a plain page');
});

test('buzon docs on a warehouse without the views says to build first', async () => {
  const dir = tempDir();
  const init = await cli(['--db', 'empty.duckdb', 'query', '--write', 'SELECT 1'], { cwd: dir });
  assert.equal(init.code, 0, init.stderr);
  const run = await cli(['--db', 'empty.duckdb', 'docs', '--out', 'd'], { cwd: dir });
  assert.equal(run.code, 1);
  assert.match(run.stderr, /^error: the warehouse has no v_messages, .*: run `buzon build` first/);
});
