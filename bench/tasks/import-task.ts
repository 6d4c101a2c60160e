// One measured import in a fresh process: `buzon` import, bare read_csv, or the naive row-by-row baseline.
import { rmSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { openContext } from '../../src/db/context.ts';
import { importMessageFiles } from '../../src/import/import-runner.ts';
import { peakRssMb } from '../bench-utils.ts';

const [mode, file, dbFile, limitArg] = process.argv.slice(2) as [string, string, string, string?];
for (const f of [dbFile, `${dbFile}.wal`, `${dbFile}.key`]) rmSync(f, { force: true });

const started = performance.now();
let rows = 0;
if (mode === 'buzon') {
  const context = await openContext({ db: dbFile, logger: createMemoryLogger() });
  const [summary] = await importMessageFiles(context, [file]);
  rows = summary!.messages;
  await context.warehouse.checkpoint();
  context.warehouse.close();
} else if (mode === 'bare') {
  const instance = await DuckDBInstance.create(dbFile);
  const connection = await instance.connect();
  await connection.run('CREATE TABLE raw AS SELECT * FROM read_csv($file, header = true, all_varchar = true)', { file });
  rows = Number((await connection.runAndReadAll('SELECT count(*) FROM raw')).getRows()[0]![0]);
  await connection.run('CHECKPOINT');
  connection.closeSync();
  instance.closeSync();
} else if (mode === 'naive') {
  // What a hurried user writes: csv-parse and one INSERT per row.
  const limit = Number(limitArg ?? 100_000);
  const instance = await DuckDBInstance.create(dbFile);
  const connection = await instance.connect();
  await connection.run('CREATE TABLE messages (message_id VARCHAR, sender VARCHAR, sent_at TIMESTAMPTZ, direction VARCHAR, body VARCHAR, sender_name VARCHAR, media VARCHAR)');
  const insert = await connection.prepare('INSERT INTO messages VALUES ($1, $2, CAST($3 AS TIMESTAMPTZ), $4, $5, $6, $7)');
  const parser = createReadStream(file).pipe(parse({ columns: true, to: limit }));
  for await (const record of parser as AsyncIterable<Record<string, string>>) {
    insert.bind([record.message_id ?? null, record.sender ?? null, record.sent_at ?? null, record.direction ?? null, record.body ?? null, record.sender_name ?? null, record.media ?? null]);
    await insert.run();
    rows++;
  }
  connection.closeSync();
  instance.closeSync();
} else {
  throw new Error(`unknown mode ${mode}`);
}
const seconds = (performance.now() - started) / 1000;
for (const f of [dbFile, `${dbFile}.wal`, `${dbFile}.key`]) rmSync(f, { force: true });
process.stdout.write(`${JSON.stringify({ mode, rows, seconds, peakRssMb: peakRssMb() })}\n`);
