import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, join, resolve } from 'node:path';
import { InputError, UsageError } from '../core/errors.ts';
import type { BuzonContext } from '../db/context.ts';
import { decodeHead, detectEncoding, readHead, type Encoding } from './file-encoding.ts';
import type { FormatReader, MessageFormat } from './format-reader.ts';
import { commitStagedBatch, resetStaging, type BatchCounts } from './staging.ts';
import { canonicalCsvReader } from './canonical-csv-reader.ts';

/** Readers by format; detection tries them in this order. */
export const FORMAT_READERS: FormatReader[] = [canonicalCsvReader];

export interface ImportOptions {
  format?: MessageFormat | 'auto';
  tz?: string;
  encoding?: Encoding | 'auto';
  /** Format-specific options passed to the reader. */
  readerOptions?: Record<string, unknown>;
}

export interface FileImportSummary extends BatchCounts {
  file: string;
  format: string;
  batchId?: number;
  /** Set when the file was imported before and nothing was added. */
  alreadyImported?: number;
  rowsRead: number;
}

export async function importMessageFiles(
  context: BuzonContext, inputs: string[], options: ImportOptions = {},
): Promise<FileImportSummary[]> {
  const files = expandInputs(inputs);
  const summaries: FileImportSummary[] = [];
  for (const file of files) summaries.push(await importMessageFile(context, file, options));
  return summaries;
}

export async function importMessageFile(
  context: BuzonContext, file: string, options: ImportOptions = {},
): Promise<FileImportSummary> {
  const { warehouse, logger } = context;
  const displayName = basename(file);
  const sha256 = await fileSha256(file);
  const previous = await warehouse.one<{ batch_id: number; format: string }>(
    "SELECT batch_id, format FROM import_batches WHERE sha256 = $sha AND kind = 'messages' ORDER BY batch_id LIMIT 1",
    { sha: sha256 },
  );
  if (previous) {
    logger.info(`${displayName}: already imported as batch ${previous.batch_id}; nothing added`);
    return { file, format: previous.format, alreadyImported: previous.batch_id, rowsRead: 0, messages: 0, systemRows: 0, duplicates: 0, rejects: 0, rejectsByReason: {} };
  }
  const head = readHead(file);
  if (head.length === 0) throw new InputError('empty file: no header and no rows', { file: displayName });
  const encoding = options.encoding && options.encoding !== 'auto' ? options.encoding : detectEncoding(head);
  const headText = decodeHead(head, encoding);
  const reader = chooseReader(options.format ?? 'auto', headText, displayName);
  const progress = logger.progress(`importing ${displayName}`);
  await resetStaging(context);
  const summary = await warehouse.transaction(async () => {
    const batchId = await warehouse.scalar<number>("SELECT nextval('import_batch_seq')");
    const { rowsRead } = await reader.stage(context, resolve(file), {
      ...options.readerOptions,
      tz: options.tz ?? 'America/Mexico_City',
      encoding,
      headText,
      displayName,
    });
    const counts = await commitStagedBatch(context, batchId, displayName);
    await warehouse.run(
      `INSERT INTO import_batches (batch_id, file, sha256, format, kind, rows_read, messages, system_rows, duplicates, rejects, started_at, finished_at)
       VALUES ($id, $file, $sha, $format, 'messages', $rows, $messages, $system, $duplicates, $rejects, now(), now())`,
      { id: batchId, file: displayName, sha: sha256, format: reader.format, rows: rowsRead, messages: counts.messages,
        system: counts.systemRows, duplicates: counts.duplicates, rejects: counts.rejects },
    );
    return { file, format: reader.format, batchId, rowsRead, ...counts };
  });
  progress.done();
  return summary;
}

function chooseReader(format: MessageFormat | 'auto', headText: string, displayName: string): FormatReader {
  if (format !== 'auto') {
    const reader = FORMAT_READERS.find((r) => r.format === format);
    if (!reader) throw new UsageError(`unknown format "${format}" (known: ${FORMAT_READERS.map((r) => r.format).join(', ')})`);
    return reader;
  }
  const reader = FORMAT_READERS.find((r) => r.detect(headText, displayName));
  if (!reader) {
    throw new InputError(
      `cannot tell the format from the content; pass --format (${FORMAT_READERS.map((r) => r.format).join('|')})`,
      { file: displayName, line: 1 },
    );
  }
  return reader;
}

/** Files named, folders walked (sorted), with a clear error for what does not exist. */
export function expandInputs(inputs: string[]): string[] {
  const files: string[] = [];
  for (const input of inputs) {
    if (!existsSync(input)) throw new InputError('no such file or folder', { file: input });
    if (statSync(input).isDirectory()) {
      for (const entry of readdirSync(input, { recursive: true }).map(String).sort()) {
        const path = join(input, entry);
        if (statSync(path).isFile() && !basename(path).startsWith('.')) files.push(path);
      }
    } else {
      files.push(input);
    }
  }
  return files;
}

export function fileSha256(file: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolvePromise(hash.digest('hex')));
  });
}

/** The user-facing lines for a set of summaries. */
export function formatImportSummary(summaries: FileImportSummary[]): string[] {
  const lines: string[] = [];
  for (const s of summaries) {
    if (s.alreadyImported) continue;
    lines.push(
      `${basename(s.file)} [${s.format}, batch ${s.batchId}]: ${s.rowsRead} rows read, ${s.messages} messages, ` +
        `${s.systemRows} system rows, ${s.duplicates} duplicates skipped, ${s.rejects} rejected`,
    );
    for (const [reason, count] of Object.entries(s.rejectsByReason)) lines.push(`  rejected ${count}: ${reason}`);
  }
  return lines;
}
