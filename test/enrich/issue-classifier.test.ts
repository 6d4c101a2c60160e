import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../src/core/errors.ts';
import type { BuzonContext } from '../../src/db/context.ts';
import { trainClassifier } from '../../src/enrich/classifier-training.ts';
import { runEvaluation } from '../../src/enrich/eval-runner.ts';
import { classifyIssues } from '../../src/enrich/issue-classifier.ts';
import { loadTaxonomy, parseTaxonomy } from '../../src/enrich/issue-taxonomy.ts';
import { importLabels } from '../../src/enrich/label-importer.ts';
import { normaliseTexts, phoneticKeys } from '../../src/enrich/text-normaliser.ts';
import { generateSample } from '../../src/generate/sample-generator.ts';
import { importMessageFile } from '../../src/import/import-runner.ts';
import { FIXTURES, memoryContext, tempDir } from '../helpers.ts';

const taxonomy = loadTaxonomy();
const RULE_CASES = join(FIXTURES, 'enrich/rule-cases-issues.csv');

/** Messages straight from a CSV of message_id,body (inbound, one sender each), for classifier tests. */
async function insertMessages(context: BuzonContext, file: string): Promise<void> {
  await context.warehouse.run(
    `INSERT INTO messages (message_id, content_key, sender_key, sent_at, direction, body, batch_id, source_file, source_line)
     SELECT message_id, message_id, 's-' || message_id, TIMESTAMPTZ '2026-09-14 18:00:00+00', 'in', body, 1, 'fixture', 0
     FROM read_csv($file, header = true, all_varchar = true)`,
    { file },
  );
}

async function labelsOf(context: BuzonContext): Promise<Map<string, string[]>> {
  const rows = await context.warehouse.all<{ message_id: string; issues: string[] }>(
    'SELECT message_id, list_sort(issues) AS issues FROM message_issue_summary ORDER BY message_id',
  );
  return new Map(rows.map((r) => [r.message_id, r.issues]));
}

test('normalisation lower-cases, strips accents and punctuation, collapses elongations and maps abbreviations', async () => {
  const context = await memoryContext();
  try {
    const texts = await normaliseTexts(context.warehouse, [
      '¡¡Holaaa!! No HAY AGÜITA en la Colonia 😡😡, seguridá x favor...',
      'Q onda, xq no hay ospital?? tmb el carrrro y la llave, leer acción',
      'Siiiii perrrro 🙏',
      '',
    ], taxonomy.normalisation);
    assert.deepEqual(texts, [
      'hola no hay aguita en la colonia seguridad por favor',
      'que onda porque no hay hospital tambien el carro y la llave leer accion',
      'si perro',
      '',
    ]);
  } finally {
    context.warehouse.close();
  }
});

test('phonetic keys make common misspellings meet, but keep pero and perro apart', async () => {
  const context = await memoryContext();
  try {
    const keys = await phoneticKeys(context.warehouse, [
      'hospital', 'ospital', 'policia', 'polisia', 'vivienda', 'bivienda', 'empleo', 'enpleo', 'calle', 'caye', 'pero', 'perro',
    ]);
    for (let i = 0; i < 10; i += 2) assert.equal(keys[i], keys[i + 1], `${keys[i]} vs ${keys[i + 1]}`);
    assert.notEqual(keys[10], keys[11]);
  } finally {
    context.warehouse.close();
  }
});

test('rules alone label the fixture messages: negation, longer phrases, self-descriptions, misspellings, exact short words', async () => {
  const context = await memoryContext();
  try {
    await insertMessages(context, RULE_CASES);
    const result = await classifyIssues(context);
    assert.equal(result.messages, 21);
    assert.equal(result.modelVersion, undefined);
    const got = await labelsOf(context);
    const expected = await context.warehouse.all<{ message_id: string; issues: string[] }>(
      "SELECT message_id, list_sort(list_filter(string_split(coalesce(issues, ''), ';'), x -> x <> '')) AS issues FROM read_csv($f, header = true, all_varchar = true)",
      { f: RULE_CASES },
    );
    for (const row of expected) assert.deepEqual(got.get(row.message_id), row.issues, row.message_id);
    const summary = await context.warehouse.one<{ primary_issue: string; issue_source: string | null }>(
      "SELECT primary_issue, issue_source FROM message_issue_summary WHERE message_id = 'rc-08'",
    );
    assert.deepEqual(summary, { primary_issue: 'sin_tema', issue_source: null });
    const sources = await context.warehouse.all<{ source: string }>('SELECT DISTINCT source FROM message_issues');
    assert.deepEqual(sources, [{ source: 'rules' }]);
  } finally {
    context.warehouse.close();
  }
});

test('a taxonomy mistake is reported with the issue and term', () => {
  const raw = JSON.parse(JSON.stringify({ version: '1', issues: [{ key: 'agua', name_es: 'Agua', name_en: 'Water', description: 'x', terms: ['ag*'] }] }));
  assert.throws(() => parseTaxonomy(raw, 'tax.json'), /tax.json: issue "agua" term "ag\*": stem 'ag\*' is shorter than 3 letters/);
  raw.issues[0].terms = ['agua'];
  raw.issues[0].key = 'sin_tema';
  assert.throws(() => parseTaxonomy(raw, 'tax.json'), /reserved/);
});

test('label import stores issues, replaces earlier labels and names the line of an unknown issue', async () => {
  const context = await memoryContext();
  const dir = tempDir();
  try {
    await insertMessages(context, RULE_CASES);
    const first = join(dir, 'labels.csv');
    writeFileSync(first, 'message_id,issues\nrc-01,agua\nrc-10,educacion; transporte\nrc-08,\nrc-99,salud\n');
    const summary = await importLabels(context, first);
    assert.deepEqual(
      { rows: summary.rows, matched: summary.matched, unknown: summary.unknownMessages, withIssues: summary.withIssues, replaced: summary.replaced },
      { rows: 4, matched: 3, unknown: 1, withIssues: 3, replaced: 0 },
    );
    const again = join(dir, 'again.csv');
    writeFileSync(again, 'issues,message_id\nsin_tema,rc-01\n');
    assert.equal((await importLabels(context, again)).replaced, 1);
    const rows = await context.warehouse.all('SELECT message_id, issues FROM message_labels ORDER BY message_id');
    assert.deepEqual(rows, [
      { message_id: 'rc-01', issues: [] },
      { message_id: 'rc-08', issues: [] },
      { message_id: 'rc-10', issues: ['educacion', 'transporte'] },
      { message_id: 'rc-99', issues: ['salud'] },
    ]);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'message_id,issues\nrc-01,agua\nrc-02,aguas\n');
    await assert.rejects(importLabels(context, bad), (error: unknown) => error instanceof InputError && /bad\.csv:3: unknown issue 'aguas'/.test(error.message));
  } finally {
    context.warehouse.close();
  }
});

test('a model trained on one generated seed lifts macro-F1 on another seed it never saw', async () => {
  const context = await memoryContext();
  const dir = tempDir();
  try {
    const train = await generateSample({ messages: 3000, seed: 101, outDir: join(dir, 'a') });
    const held = await generateSample({ messages: 2000, seed: 202, outDir: join(dir, 'b') });
    await importMessageFile(context, train.messagesFile);
    await importMessageFile(context, held.messagesFile);
    await importLabels(context, train.truthFile);

    // Measured here: rules alone 0.93, combined 0.95, model alone 0.89 (3,000 training messages, 3 epochs).
    await classifyIssues(context);
    const rulesOnly = (await runEvaluation(context, held.truthFile)).issues!;
    const trained = await trainClassifier(context, { ftrl: { epochs: 3 }, refit: false });
    assert.equal(trained.version, 1);
    assert.ok(trained.trainingRows >= 3000);
    const result = await classifyIssues(context);
    assert.equal(result.modelVersion, 1);
    const combined = (await runEvaluation(context, held.truthFile)).issues!;

    assert.ok(rulesOnly.macroF1 >= 0.88, `rules alone ${rulesOnly.macroF1}`);
    assert.ok(combined.macroF1 >= 0.92, `combined ${combined.macroF1}`);
    assert.ok(combined.macroF1 > rulesOnly.macroF1, `combined ${combined.macroF1} vs rules ${rulesOnly.macroF1}`);
    assert.equal(combined.rulesAlone!.macroF1, rulesOnly.macroF1);
    assert.ok(combined.modelAlone!.macroF1 >= 0.85, `model alone ${combined.modelAlone!.macroF1}`);
    const sources = await context.warehouse.all<{ source: string }>('SELECT DISTINCT source FROM message_issues ORDER BY source');
    assert.deepEqual(sources.map((s) => s.source), ['both', 'model', 'rules']);
  } finally {
    context.warehouse.close();
  }
});

test('rules alone on hand-written messages the generator never produced keep their measured macro-F1', async () => {
  // Set 1 was read while the taxonomy was written (0.82 before, 0.92 after); set 2 was written
  // afterwards and never tuned on (0.80). Thresholds sit a little under the measured values.
  for (const [file, floor] of [['handwritten-issues.csv', 0.88], ['handwritten-issues-2.csv', 0.75]] as const) {
    const context = await memoryContext();
    try {
      const path = join(FIXTURES, 'enrich', file);
      await insertMessages(context, path);
      await classifyIssues(context);
      const issues = (await runEvaluation(context, path)).issues!;
      assert.ok(issues.macroF1 >= floor, `${file}: ${issues.macroF1}`);
      assert.ok(issues.perIssue.length >= 12, file);
    } finally {
      context.warehouse.close();
    }
  }
});
