// import + enrich + build of one canonical CSV in a fresh process, timing each stage.
import { existsSync, rmSync } from 'node:fs';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { openContext } from '../../src/db/context.ts';
import { importContactsFile } from '../../src/import/contacts-importer.ts';
import { importMessageFiles } from '../../src/import/import-runner.ts';
import { buildModels } from '../../src/segment/sql-runner.ts';
import { peakRssMb } from '../bench-utils.ts';

const [messagesFile, contactsFile, dbFile] = process.argv.slice(2) as [string, string, string];
for (const f of [dbFile, `${dbFile}.wal`, `${dbFile}.key`]) rmSync(f, { force: true });

const stages: Record<string, number> = {};
const time = async (name: string, work: () => Promise<unknown>) => {
  const started = performance.now();
  await work();
  stages[name] = (performance.now() - started) / 1000;
};
const started = performance.now();
const context = await openContext({ db: dbFile, logger: createMemoryLogger() });
let messages = 0;
await time('import', async () => {
  const [summary] = await importMessageFiles(context, [messagesFile]);
  messages = summary!.messages;
  await importContactsFile(context, contactsFile);
});
const enrichModule = new URL('../../src/enrich/enrich-runner.ts', import.meta.url);
if (existsSync(enrichModule)) {
  const { enrichWarehouse } = (await import(enrichModule.href)) as { enrichWarehouse: (c: typeof context) => Promise<unknown> };
  await time('enrich', () => enrichWarehouse(context));
}
await time('build', () => buildModels(context));
await time('checkpoint', () => context.warehouse.checkpoint());
context.warehouse.close();
const seconds = (performance.now() - started) / 1000;
for (const f of [dbFile, `${dbFile}.wal`, `${dbFile}.key`]) rmSync(f, { force: true });
process.stdout.write(`${JSON.stringify({ messages, seconds, stages, peakRssMb: peakRssMb() })}\n`);
