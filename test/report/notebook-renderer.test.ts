import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { InputError } from '../../src/core/errors.ts';
import { parseNotebook } from '../../src/report/notebook-parser.ts';
import { renderNotebook } from '../../src/report/notebook-renderer.ts';
import { memoryContext, tempDir } from '../helpers.ts';
import { createReportFixture } from './report-fixture.ts';
import { dataset, embeddedSpecs, visibleText } from './report-html.ts';

const NOTEBOOKS = new URL('../../notebooks/', import.meta.url).pathname;
const context = await memoryContext();
after(() => context.warehouse.close());
await createReportFixture(context.warehouse);
// A message whose text carries a phone number: samples must show it masked.
await context.warehouse.run(
  "UPDATE messages SET body = 'llámenme al 55 1234 5678 por la inseguridad' WHERE message_id = (SELECT message_id FROM message_enrichment WHERE direction = 'in' AND primary_issue = 'seguridad' AND noise IS NULL ORDER BY sent_at DESC, message_id LIMIT 1)");
const dir = tempDir('buzon-notebook-');

function notebookFile(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

test('the shipped notebooks render against the warehouse with every cell working', async () => {
  for (const name of ['weekly-brief', 'data-quality']) {
    const result = await renderNotebook(context, join(NOTEBOOKS, `${name}.md`), { outDir: join(dir, 'shipped') });
    assert.equal(result.failed, 0, JSON.stringify(result.cells.filter((c) => c.status === 'error')));
    assert.ok(result.cells.filter((c) => c.status === 'ok').length >= 6, `${name} has working cells`);
    const html = readFileSync(result.htmlFile, 'utf8');
    assert.match(html, /<html lang="es">/);
    assert.equal(embeddedSpecs(html).size, result.specFiles.length);
    assert.ok(result.specFiles.length >= 1);
  }
  const quality = visibleText(readFileSync(join(dir, 'shipped', 'data-quality.html'), 'utf8'));
  assert.match(quality, /bad sent_at 2 1/, 'rejects counted by reason (rows, files)');
  assert.match(quality, /invalid phone number 1 1/);
});

test('sample texts appear only with --include-samples, phone numbers masked, under a warning', async () => {
  const file = join(NOTEBOOKS, 'weekly-brief.md');
  const without = await renderNotebook(context, file, { outDir: join(dir, 'no-samples') });
  const plain = readFileSync(without.htmlFile, 'utf8');
  assert.equal(without.cells.find((c) => c.name === 'muestras')?.status, 'skipped');
  assert.doesNotMatch(plain, /mensaje de prueba|inseguridad/);
  assert.match(visibleText(plain), /Textos de muestra omitidos/);

  const withSamples = await renderNotebook(context, file, { outDir: join(dir, 'samples'), includeSamples: true });
  const page = visibleText(readFileSync(withSamples.htmlFile, 'utf8'));
  assert.match(page, /llámenme al •••• 5678 por la inseguridad/);
  assert.doesNotMatch(page, /1234 5678/);
  assert.match(page, /incluye textos de muestra de mensajes individuales/);
});

test('a cell returning message texts without `samples` is refused, and cells never write', async () => {
  const file = notebookFile('leaky.md', [
    '---', 'title: Fuga', 'lang: es', '---',
    '```sql name=textos', 'SELECT body FROM messages LIMIT 3', '```',
    '```sql name=borrar', 'DELETE FROM messages', '```',
    '```sql name=dos', 'SELECT 1; SELECT 2', '```',
  ].join('\n'));
  const before = await context.warehouse.scalar<number>('SELECT count(*) FROM messages');
  const result = await renderNotebook(context, file, { outDir: join(dir, 'leaky') });
  assert.equal(result.failed, 3);
  assert.equal(await context.warehouse.scalar<number>('SELECT count(*) FROM messages'), before);
  const html = readFileSync(result.htmlFile, 'utf8');
  assert.doesNotMatch(html, /<td>mensaje de prueba/);
  assert.match(visibleText(html), /returns body: individual messages or numbers need the cell option 'samples'/);
  assert.match(visibleText(html), /only query/);
  assert.match(visibleText(html), /one query \(found 2 statements\)/);
  assert.match(context.logger.text(), /leaky\.md:\d+: cell textos/);
});

test('rows with fewer than k senders show "<k" in tables and null in chart data; later cells read earlier ones', async () => {
  const file = notebookFile('small.md', [
    '---', 'title: Small cells', 'lang: en', '---', 'Intro *text*.',
    '```sql name=by_state', "SELECT state_code, count(*) AS messages, count(DISTINCT sender_key) AS senders FROM message_enrichment JOIN sender_enrichment USING (sender_key) WHERE direction = 'in' GROUP BY 1 ORDER BY senders DESC", '```',
    '```sql name=small_only table', 'SELECT * FROM by_state WHERE senders < 10', '```',
    '```chart name=states title="By state"',
    '{"data": {"name": "by_state"}, "mark": "bar", "encoding": {"x": {"field": "state_code", "type": "nominal"}, "y": {"field": "messages", "type": "quantitative"}}}',
    '```',
  ].join('\n'));
  const result = await renderNotebook(context, file, { outDir: join(dir, 'small') });
  assert.equal(result.failed, 0, JSON.stringify(result.cells));
  const html = readFileSync(result.htmlFile, 'utf8');
  const rows = dataset(embeddedSpecs(html), 'small-states', 'by_state');
  const expected = await context.warehouse.all<{ state_code: string; messages: number; senders: number }>(
    "SELECT coalesce(state_code, 'x') AS state_code, count(*) AS messages, count(DISTINCT sender_key) AS senders FROM message_enrichment JOIN sender_enrichment USING (sender_key) WHERE direction = 'in' GROUP BY state_code");
  const small = expected.filter((r) => r.senders < 10);
  assert.ok(small.length > 0 && small.length < expected.length);
  for (const e of expected) {
    const row = rows.find((r) => (r.state_code ?? 'x') === e.state_code)!;
    assert.equal(row.messages, e.senders < 10 ? null : e.messages, e.state_code);
    assert.equal(row.senders, e.senders < 10 ? null : e.senders);
  }
  assert.match(visibleText(html), /<10 <10/, 'the small-only table shows <10 for its counts');
  assert.match(html, /<html lang="en">/);
  assert.match(html, /<p>Intro <em>text<\/em>.<\/p>/);
});

test('notebook syntax errors name the file and line', () => {
  const cases: Array<[string, RegExp]> = [
    ['# no front matter\n', /front matter needs a title/],
    ['---\ntitle: x\n---\n\n```chart\n{"data": {"name": "nope"}, "mark": "bar"}\n```\n', /nb\.md:5: chart refers to data 'nope'/],
    ['---\ntitle: x\n---\n```chart\n{ mark: bar }\n```\n', /nb\.md:4: chart cell is not valid JSON/],
    ['---\ntitle: x\n---\n```sql name=a colour=red\nSELECT 1\n```\n', /unknown cell option 'colour'/],
    ['---\ntitle: x\nlang: fr\n---\n', /lang must be es or en/],
  ];
  for (const [source, message] of cases) {
    assert.throws(() => parseNotebook(source, 'nb.md'), (error: unknown) => error instanceof InputError && message.test(error.message));
  }
});
