import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from '../core/logger.ts';
import { openContext } from '../db/context.ts';
import { enrichWarehouse } from '../enrich/enrich-runner.ts';
import { generateSample } from '../generate/sample-generator.ts';
import { importContactsFile } from '../import/contacts-importer.ts';
import { formatImportSummary, importMessageFiles } from '../import/import-runner.ts';
import { buildReport } from '../report/report-builder.ts';
import { buildModels } from '../segment/sql-runner.ts';

export interface DemoOptions {
  dir: string;
  messages?: number;
  seed?: number;
  lang?: 'es' | 'en';
  logger: Logger;
}

export interface DemoResult {
  warehouse: string;
  report: string;
  dataDir: string;
  seconds: number;
}

/** generate -> import -> build -> report, in a fresh folder: what `npm start` runs. */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const started = performance.now();
  const dir = resolve(options.dir);
  const dataDir = join(dir, 'data');
  const db = join(dir, 'buzon.duckdb');
  for (const stale of [db, `${db}.wal`, `${db}.key`]) if (existsSync(stale)) rmSync(stale);
  const { logger } = options;

  const messages = options.messages ?? 50_000;
  logger.info(`generating ${messages.toLocaleString('en-US')} sample messages (seed ${options.seed ?? 1})`);
  // A week, so the week x hour views show the weekly rhythm.
  const sample = await generateSample({ messages, seed: options.seed ?? 1, outDir: dataDir, hours: 7 * 24 });

  const context = await openContext({ db, logger });
  try {
    const summaries = await importMessageFiles(context, [sample.messagesFile]);
    summaries.push(await importContactsFile(context, sample.contactsFile));
    for (const line of formatImportSummary(summaries)) logger.info(line);
    await enrichWarehouse(context);
    await buildModels(context);
    const report = await buildReport(context, { outDir: join(dir, 'report'), lang: options.lang });
    await context.warehouse.checkpoint();
    return { warehouse: db, report: report.htmlFile, dataDir, seconds: (performance.now() - started) / 1000 };
  } finally {
    context.warehouse.close();
  }
}
