import { createReadStream, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, resolve } from 'node:path';
import { InputError, UsageError } from '../core/errors.ts';
import { formatCount, type Progress } from '../core/logger.ts';
import type { BuzonContext } from '../db/context.ts';
import { quoteLiteral } from '../db/sql-identifiers.ts';
import { decodeHead, detectEncoding, readHead, utf8File, type Encoding } from './file-encoding.ts';
import type { FormatReader, MessageFormat } from './format-reader.ts';
import { expandInputs, type InputFile } from './input-files.ts';
import { commitStagedBatch, resetStaging, type BatchCounts } from './staging.ts';
import { canonicalCsvReader } from './canonical-csv-reader.ts';
import { cloudApiReader } from './cloud-api-reader.ts';
import { twilioReader } from './twilio-reader.ts';
import { whatsAppReader } from './whatsapp-reader.ts';
import { guessOwnerAcrossFiles } from './whatsapp-owner.ts';

/** Readers by format; detection tries them in this order (the most specific first). */
export const FORMAT_READERS: FormatReader[] = [cloudApiReader, twilioReader, canonicalCsvReader, whatsAppReader];

export interface ImportOptions {
  format?: MessageFormat | 'auto';
  tz?: string;
  encoding?: Encoding | 'auto';
  /** Format-specific options passed to the reader (WhatsApp: `dateOrder`, `owner`). */
  readerOptions?: Record<string, unknown>;
}

export interface FileImportSummary extends BatchCounts {
  file: string;
  format: string;
  batchId?: number;
  /** Set when the file was imported before and nothing was added. */
  alreadyImported?: number;
  rowsRead: number;
  /** What the reader learned: Cloud API `statuses`, WhatsApp `date_order` and `owner`, zip `ignored_files`. */
  details?: Record<string, unknown>;
}

/** Imports files, folders, glob patterns and zips, one batch (one transaction) per file. */
export async function importMessageFiles(
  context: BuzonContext, inputs: string[], options: ImportOptions = {},
): Promise<FileImportSummary[]> {
  const expanded = await expandInputs(inputs);
  await limitImportMemory(context);
  try {
    const ownerGuess = options.readerOptions?.owner ? undefined : guessOwnerAcrossFiles(expanded.files);
    const summaries: FileImportSummary[] = [];
    for (const input of expanded.files) {
      summaries.push(await importInputFile(context, input, { ...options, readerOptions: { ownerGuess, ...options.readerOptions } }));
    }
    return summaries;
  } finally {
    expanded.dispose();
  }
}

/**
 * Keeps a big import's memory flat: DuckDB spills staging tables to `<db>.tmp` beyond this limit
 * (BUZON_MEMORY_LIMIT, default 1GB) instead of growing with the file. In-memory warehouses keep
 * DuckDB's default, having nowhere to spill.
 */
async function limitImportMemory(context: BuzonContext): Promise<void> {
  if (context.warehouse.path === ':memory:') return;
  const limit = process.env.BUZON_MEMORY_LIMIT || '1GB';
  if (!/^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$/i.test(limit)) throw new UsageError(`BUZON_MEMORY_LIMIT must look like 1GB or 512MB (got "${limit}")`);
  await context.warehouse.run(`SET memory_limit = ${quoteLiteral(limit)}`);
}

/** Imports one file on disk. */
export async function importMessageFile(
  context: BuzonContext, file: string, options: ImportOptions = {},
): Promise<FileImportSummary> {
  return importInputFile(context, { path: file, displayName: basename(file) }, options);
}

async function importInputFile(context: BuzonContext, input: InputFile, options: ImportOptions): Promise<FileImportSummary> {
  const { warehouse, logger } = context;
  const { path: file, displayName } = input;
  const sha256 = await fileSha256(file);
  const previous = await warehouse.one<{ batch_id: number; format: string }>(
    "SELECT batch_id, format FROM import_batches WHERE sha256 = $sha AND kind = 'messages' ORDER BY batch_id LIMIT 1",
    { sha: sha256 },
  );
  if (previous) {
    logger.info(`${displayName}: already imported as batch ${previous.batch_id}; nothing added`);
    return { file: displayName, format: previous.format, alreadyImported: previous.batch_id, rowsRead: 0, messages: 0, systemRows: 0, duplicates: 0, rejects: 0, rejectsByReason: {} };
  }
  const head = readHead(file);
  if (head.length === 0) throw new InputError('empty file: no header and no rows', { file: displayName });
  const encoding = options.encoding && options.encoding !== 'auto' ? options.encoding : detectEncoding(head);
  const headText = decodeHead(head, encoding);
  const reader = chooseReader(options.format ?? 'auto', headText, displayName);
  const progress = logger.progress(`importing ${displayName}`);
  const source = await utf8File(resolve(file), encoding);
  await resetStaging(context);
  try {
    // Staging fills only temporary tables, so it runs before the transaction: a reader may try a
    // fast statement and fall back to a careful one when it fails, which an aborted transaction forbids.
    const stopPolling = reader.reportsProgress ? () => {} : await pollQueryProgress(context, progress, estimateRows(file, headText));
    const staged = await reader.stage(context, source.path, {
      chatName: input.chatName,
      ...options.readerOptions,
      tz: options.tz ?? 'America/Mexico_City',
      encoding: 'utf-8',
      headText,
      displayName,
      progress,
    }).finally(stopPolling);
    const summary = await warehouse.transaction(async () => {
      const batchId = await warehouse.scalar<number>("SELECT nextval('import_batch_seq')");
      const counts = await commitStagedBatch(context, batchId, displayName);
      const details = { ...staged.details, ...(input.ignoredFiles ? { ignored_files: input.ignoredFiles } : {}), ...(encoding !== 'utf-8' ? { encoding } : {}), ...(source.cleaned ? { cleaned: source.cleaned } : {}) };
      await warehouse.run(
        `INSERT INTO import_batches (batch_id, file, sha256, format, kind, rows_read, messages, system_rows, duplicates, rejects, started_at, finished_at, details)
         VALUES ($id, $file, $sha, $format, 'messages', $rows, $messages, $system, $duplicates, $rejects, now(), now(), $details::JSON)`,
        { id: batchId, file: displayName, sha: sha256, format: reader.format, rows: staged.rowsRead, messages: counts.messages,
          system: counts.systemRows, duplicates: counts.duplicates, rejects: counts.rejects, details: JSON.stringify(details) },
      );
      return { file: displayName, format: reader.format, batchId, rowsRead: staged.rowsRead, ...counts, details };
    });
    progress.done();
    return summary;
  } finally {
    source.dispose();
  }
}

/**
 * Progress for readers that are one DuckDB scan: DuckDB's own progress of the running statement,
 * shown as rows against a total estimated from the file's size and its first lines.
 */
async function pollQueryProgress(context: BuzonContext, progress: Progress, estimatedRows: number): Promise<() => void> {
  const { warehouse } = context;
  await warehouse.run('SET enable_progress_bar = true; SET enable_progress_bar_print = false');
  let best = 0;
  const timer = setInterval(() => {
    const { percentage } = warehouse.connection.progress;
    if (percentage > best && percentage <= 100) {
      best = percentage;
      progress.update(Math.round((best / 100) * estimatedRows), estimatedRows);
    }
  }, 200);
  timer.unref();
  return () => clearInterval(timer);
}

function estimateRows(file: string, headText: string): number {
  const lines = Math.max(1, headText.split('\n').length - 1);
  const headBytes = Buffer.byteLength(headText);
  return Math.max(lines, Math.round((statSync(file).size * lines) / Math.max(1, headBytes)));
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
    const n = formatCount;
    lines.push(
      `${s.file} [${s.format}, batch ${s.batchId}]: ${n(s.rowsRead)} rows read, ${n(s.messages)} messages, ` +
        `${n(s.systemRows)} system rows, ${n(s.duplicates)} duplicates skipped, ${n(s.rejects)} rejected`,
    );
    for (const [reason, count] of Object.entries(s.rejectsByReason)) lines.push(`  rejected ${n(count)}: ${reason}`);
    const d = s.details ?? {};
    if (typeof d.statuses === 'number' && d.statuses > 0) lines.push(`  ${n(d.statuses)} status updates (sent/delivered/read) counted, not messages`);
    if (typeof d.ignored_files === 'number' && d.ignored_files > 0) lines.push(`  ${n(d.ignored_files)} other files in the zip (media) left aside`);
    if (typeof d.cleaned === 'string') lines.push(`  read with care: ${d.cleaned}`);
    if (s.format === 'whatsapp') {
      lines.push(`  date order ${String(d.date_order).toUpperCase()}; account owner ${d.owner ? `"${d.owner}" (${d.owner_from})` : 'unknown: every line read as inbound'}`);
    }
  }
  return lines;
}
