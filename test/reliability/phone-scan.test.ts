import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { openContext } from '../../src/db/context.ts';
import { quoteIdent } from '../../src/db/sql-identifiers.ts';
import { enrichWarehouse } from '../../src/enrich/enrich-runner.ts';
import { generateSample } from '../../src/generate/sample-generator.ts';
import { importContactsFile } from '../../src/import/contacts-importer.ts';
import { formatImportSummary, importMessageFiles } from '../../src/import/import-runner.ts';
import { maskPhone } from '../../src/import/phone-normaliser.ts';
import { readDictionary, writeDictionary } from '../../src/query/dictionary-writer.ts';
import { exportLake } from '../../src/query/lake-export.ts';
import { runQuery } from '../../src/query/query-runner.ts';
import { formatResult } from '../../src/query/result-format.ts';
import { renderNotebook } from '../../src/report/notebook-renderer.ts';
import { buildReport } from '../../src/report/report-builder.ts';
import { exportAudience } from '../../src/segment/audience-export.ts';
import { buildModels } from '../../src/segment/sql-runner.ts';
import { tempDir } from '../helpers.ts';

const NOTEBOOKS = new URL('../../notebooks/', import.meta.url).pathname;

/**
 * A run of 10 to 13 digits, possibly grouped by spaces, dots, dashes or parentheses, standing alone
 * (not inside a word, a hex key or a decimal number). Dates and times are not phones.
 */
const DIGIT_RUN = /(?<![\w.+-])\+?\(?\d[\d .()-]{8,}\d(?![\w.])/g;

/** Integer constants of the chart runtime inlined in reports and notebooks (2^32, 2^31 - 1, an LCG multiplier, 0xFF000000). */
const RUNTIME_CONSTANTS = new Set(['4294967296', '4294967295', '2147483647', '2147483648', '1103515245', '4278190080']);

function phoneShapedRuns(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(DIGIT_RUN)) {
    const run = match[0];
    const digits = run.replace(/\D/g, '');
    if (digits.length < 10 || digits.length > 13) continue;
    if (/^\d{4}-\d{2}-\d{2}/.test(run) || /^\d+\.\d+$/.test(run.trim())) continue;
    if (RUNTIME_CONSTANTS.has(digits)) continue;
    found.push(run);
  }
  return found;
}

interface Finding {
  where: string;
  what: string;
}

/** Every known number (any spelling: its 10 national digits inside a digit run) and anything phone-shaped. */
function scanText(where: string, text: string, nationals: Set<string>): Finding[] {
  const findings: Finding[] = [];
  for (const run of phoneShapedRuns(text)) {
    const digits = run.replace(/\D/g, '');
    const known = [...Array(digits.length - 9).keys()].some((i) => nationals.has(digits.slice(i, i + 10)));
    findings.push({ where, what: `${known ? 'a known number' : 'a phone-shaped run'} ${maskPhone(run)}` });
  }
  return findings;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test('no report, export, notebook, view, log, reject or system row built from generated data holds anything shaped like a phone number', async () => {
  const dir = tempDir('buzon-scan-');
  const dataDir = join(dir, 'data');
  const outDir = join(dir, 'out');
  const sample = await generateSample({
    messages: 2_000, seed: 9, outDir: dataDir, hours: 7 * 24, formats: ['csv', 'whatsapp', 'twilio', 'cloud-api'], whatsappConversations: 1,
  });
  // Rows that end up rejected, with numbers typed in them the way people write them.
  const broken = join(dataDir, 'broken.csv');
  writeFileSync(broken, [
    'message_id,sender,sent_at,direction,body',
    'x1,+52 55 1234 5678,ayer,in,mi numero es 55 1234 5678 llamenme',
    'x2,+52 81 8765 4321,2026-09-15T10:00:00-06:00,sideways,"marquen al (81) 8765-4321"',
    'x3,tel 5215512345678,2026-09-15T10:00:00-06:00,in,hola',
    'x4,+52 33 1111 2222,2026-09-15T10:00:00-06:00,in,demasiadas,columnas,aqui,33 1111 2222',
    '',
  ].join('\n'));

  const logger = createMemoryLogger();
  const context = await openContext({ db: join(dir, 'w.duckdb'), logger });
  const extra = sample.extraFiles;
  const inputs = [sample.messagesFile, extra['whatsapp-all']!, extra['cloud-api']!, extra.twilio!, broken];
  for (const line of formatImportSummary(await importMessageFiles(context, inputs))) logger.info(line);
  await importContactsFile(context, sample.contactsFile);
  await enrichWarehouse(context);
  await buildModels(context);
  await buildReport(context, { outDir: join(outDir, 'report'), lang: 'es' });
  await exportLake(context, join(outDir, 'lake'));
  writeDictionary(await readDictionary(context), join(outDir, 'dictionary'));
  await exportAudience(context, { out: join(outDir, 'audience.csv') });
  for (const notebook of readdirSync(NOTEBOOKS).filter((f) => f.endsWith('.md'))) {
    await renderNotebook(context, join(NOTEBOOKS, notebook), { outDir: join(outDir, 'notebooks'), includeSamples: true });
  }

  const { warehouse } = context;
  const nationals = new Set((await warehouse.all<{ e164: string }>('SELECT e164 FROM contact_phones')).map((r) => r.e164.slice(-10)));
  for (const typed of ['5512345678', '8187654321', '3311112222']) nationals.add(typed);
  assert.ok(nationals.size > 500, 'the generated data has its numbers in contact_phones');
  assert.ok(await warehouse.scalar<number>('SELECT count(*) FROM rejects') >= 4, 'some rows were rejected');
  assert.ok(await warehouse.scalar<number>('SELECT count(*) FROM system_rows') > 0, 'the WhatsApp export brought system rows');

  const findings: Finding[] = [];
  const csvOf = async (sql: string) => formatResult(await runQuery(context, sql), 'csv');
  let scanned = 0;
  for (const file of filesUnder(outDir)) {
    const where = relative(outDir, file);
    const text = file.endsWith('.parquet')
      ? await csvOf(`SELECT * FROM read_parquet(${`'${file.replaceAll("'", "''")}'`})`)
      : readFileSync(file, 'utf8');
    findings.push(...scanText(where, text, nationals));
    scanned++;
  }
  const views = await warehouse.all<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'VIEW' ORDER BY 1");
  for (const { name } of views) findings.push(...scanText(`view ${name}`, await csvOf(`SELECT * FROM ${quoteIdent(name)}`), nationals));
  findings.push(...scanText('rejects.raw', await csvOf('SELECT raw, reason FROM rejects'), nationals));
  findings.push(...scanText('system_rows.text', await csvOf('SELECT text FROM system_rows'), nationals));
  findings.push(...scanText('import and build logs', logger.text(), nationals));
  context.warehouse.close();

  assert.ok(scanned >= 10, `reports, exports and notebooks were written (${scanned} files)`);
  assert.ok(views.length >= 5, `analyst views exist (${views.length})`);
  assert.deepEqual(findings.slice(0, 20), []);
});
