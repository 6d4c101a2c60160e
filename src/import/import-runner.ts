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
import { commitGroup, moveStagedToGroup, resetGroup, resetStaging, type BatchCounts } from './staging.ts';
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
  /** The input's place in the run (summaries come back in input order). */
  position?: number;
  file: string;
  format: string;
  batchId?: number;
  /** Set when the file was imported before and nothing was added. */
  alreadyImported?: number;
  rowsRead: number;
  /** What the reader learned: Cloud API `statuses`, WhatsApp `date_order` and `owner`, zip `ignored_files`. */
  details?: Record<string, unknown>;
}

/** A group is committed once it holds this many staged rows or files. */
const GROUP_ROWS = 500_000;
const GROUP_FILES = 2_000;

/** A file staged and waiting for its group's commit. */
interface PendingFile {
  position: number;
  fileNo: number;
  displayName: string;
  sha256: string;
  format: string;
  rowsRead: number;
  details: Record<string, unknown>;
}

/**
 * Imports files, folders, glob patterns and zips. Each file is its own batch (its own row in
 * import_batches, its own counts); small files are committed together, in one transaction per group,
 * so a folder of thousands of chat exports pays the shared work once per group, not once per file.
 */
export async function importMessageFiles(
  context: BuzonContext, inputs: string[], options: ImportOptions = {},
): Promise<FileImportSummary[]> {
  const expanded = await expandInputs(inputs);
  const restoreMemory = await limitImportMemory(context);
  const many = expanded.files.length > 1;
  const runProgress = many ? context.logger.progress(`importing ${expanded.files.length} files`, expanded.files.length) : undefined;
  const summaries: FileImportSummary[] = [];
  const seen = new Map<string, string>();
  let group: PendingFile[] = [];
  let groupRows = 0;
  const commit = async () => {
    if (group.length) summaries.push(...(await commitPendingGroup(context, group)));
    group = [];
    groupRows = 0;
    await resetGroup(context);
  };
  try {
    const readerOptions = { ownerGuess: options.readerOptions?.owner ? undefined : guessOwnerAcrossFiles(expanded.files), ...options.readerOptions };
    await resetGroup(context);
    for (const [position, input] of expanded.files.entries()) {
      try {
        const staged = await stageInputFile(context, input, { ...options, readerOptions }, position, group.length, seen, many);
        if ('fileNo' in staged) {
          group.push(staged);
          groupRows += staged.rowsRead;
          if (groupRows >= GROUP_ROWS || group.length >= GROUP_FILES) await commit();
        } else {
          summaries.push(staged);
        }
      } catch (error) {
        // What was staged before the failing file is still imported; the failing file adds nothing.
        await commit();
        throw error;
      }
      runProgress?.update(position + 1);
    }
    await commit();
    runProgress?.done();
    return summaries.sort((x, y) => (x.position ?? 0) - (y.position ?? 0)).map(({ position: _, ...summary }) => summary);
  } finally {
    expanded.dispose();
    await restoreMemory();
  }
}

/** DuckDB's memory during an import into a file warehouse unless BUZON_MEMORY_LIMIT says otherwise. */
const DEFAULT_IMPORT_MEMORY = '1GB';

/**
 * Caps DuckDB's memory during an import into a file warehouse (BUZON_MEMORY_LIMIT, e.g. 2GB; 1GB by
 * default), so the staged copies of a big file spill to the warehouse's temporary folder instead of
 * growing with the file: a 10M-message CSV imports in ~1.6 GB of RSS. Returns what puts the previous
 * limit back. An in-memory warehouse has nowhere to spill and keeps DuckDB's own limit.
 */
async function limitImportMemory(context: BuzonContext): Promise<() => Promise<void>> {
  const { warehouse } = context;
  const limit = process.env.BUZON_MEMORY_LIMIT || DEFAULT_IMPORT_MEMORY;
  if (warehouse.path === ':memory:') return async () => {};
  if (!/^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$/i.test(limit)) throw new UsageError(`BUZON_MEMORY_LIMIT must look like 1GB or 512MB (got "${limit}")`);
  const previous = await warehouse.scalar<string>("SELECT current_setting('memory_limit')");
  await warehouse.run(`SET memory_limit = ${quoteLiteral(limit)}`);
  return async () => {
    await warehouse.run(`SET memory_limit = ${quoteLiteral(previous)}`);
  };
}

/** Imports one file on disk. */
export async function importMessageFile(
  context: BuzonContext, file: string, options: ImportOptions = {},
): Promise<FileImportSummary> {
  const restoreMemory = await limitImportMemory(context);
  try {
    await resetGroup(context);
    const staged = await stageInputFile(context, { path: file, displayName: basename(file) }, options, 0, 0, new Map(), false);
    const [summary] = 'fileNo' in staged ? await commitPendingGroup(context, [staged]) : [staged];
    const { position: _, ...rest } = summary!;
    return rest;
  } finally {
    await restoreMemory();
  }
}

/** Stages one file into the group tables, or says it was imported before (same SHA-256). */
async function stageInputFile(
  context: BuzonContext, input: InputFile, options: ImportOptions, position: number, fileNo: number,
  seen: Map<string, string>, quiet: boolean,
): Promise<PendingFile | (FileImportSummary & { position: number })> {
  const { warehouse, logger } = context;
  const { path: file, displayName } = input;
  const sha256 = await fileSha256(file);
  const previous = await warehouse.one<{ batch_id: number; format: string }>(
    "SELECT batch_id, format FROM import_batches WHERE sha256 = $sha AND kind = 'messages' ORDER BY batch_id LIMIT 1",
    { sha: sha256 },
  );
  const twin = seen.get(sha256);
  if (previous || twin) {
    logger.info(previous ? `${displayName}: already imported as batch ${previous.batch_id}; nothing added` : `${displayName}: same bytes as ${twin}; nothing added`);
    return {
      position, file: displayName, format: previous?.format ?? 'unknown', alreadyImported: previous?.batch_id ?? -1,
      rowsRead: 0, messages: 0, systemRows: 0, duplicates: 0, rejects: 0, rejectsByReason: {},
    };
  }
  seen.set(sha256, displayName);
  const head = readHead(file);
  if (head.length === 0) throw new InputError('empty file: no header and no rows', { file: displayName });
  const encoding = options.encoding && options.encoding !== 'auto' ? options.encoding : detectEncoding(head);
  const headText = decodeHead(head, encoding);
  const reader = chooseReader(options.format ?? 'auto', headText, displayName);
  const progress = quiet ? SILENT_PROGRESS : logger.progress(`importing ${displayName}`);
  const source = await utf8File(resolve(file), encoding);
  try {
    // Staging fills only temporary tables, outside any transaction: a reader may try a fast
    // statement and fall back to a careful one when it fails, which an aborted transaction forbids.
    const stopPolling = reader.reportsProgress || quiet ? () => {} : await pollQueryProgress(context, progress, estimateRows(file, headText));
    const staged = await reader.stage(context, source.path, {
      chatName: input.chatName,
      ...options.readerOptions,
      tz: options.tz ?? 'America/Mexico_City',
      encoding: 'utf-8',
      headText,
      displayName,
      progress,
    }).finally(stopPolling);
    await moveStagedToGroup(context, fileNo);
    progress.done();
    const details = {
      ...staged.details, ...(input.ignoredFiles ? { ignored_files: input.ignoredFiles } : {}),
      ...(encoding !== 'utf-8' ? { encoding } : {}), ...(source.cleaned ? { cleaned: source.cleaned } : {}),
    };
    return { position, fileNo, displayName, sha256, format: reader.format, rowsRead: staged.rowsRead, details };
  } catch (error) {
    await resetStaging(context);
    throw error;
  } finally {
    source.dispose();
  }
}

const SILENT_PROGRESS: Progress = { update() {}, done() {} };

/** One transaction: a batch id per file, the shared commit, an import_batches row per file. */
async function commitPendingGroup(context: BuzonContext, group: PendingFile[]): Promise<(FileImportSummary & { position: number })[]> {
  const { warehouse } = context;
  return warehouse.transaction(async () => {
    const ids = await warehouse.all<{ id: number }>(`SELECT nextval('import_batch_seq') AS id FROM range(${group.length})`);
    const files = group.map((p, i) => ({ fileNo: p.fileNo, batchId: ids[i]!.id, sourceFile: p.displayName }));
    const counts = await commitGroup(context, files);
    const summaries = group.map((p, i) => ({
      position: p.position, file: p.displayName, format: p.format, batchId: files[i]!.batchId, rowsRead: p.rowsRead,
      ...counts.get(p.fileNo)!, details: p.details,
    }));
    await warehouse.run(`CREATE OR REPLACE TEMP TABLE group_batches (batch_id INTEGER, file VARCHAR, sha256 VARCHAR, format VARCHAR,
      rows_read BIGINT, messages BIGINT, system_rows BIGINT, duplicates BIGINT, rejects BIGINT, details VARCHAR)`);
    const appender = await warehouse.connection.createAppender('group_batches', 'main', 'temp');
    for (const [i, s] of summaries.entries()) {
      appender.appendInteger(s.batchId);
      appender.appendVarchar(s.file);
      appender.appendVarchar(group[i]!.sha256);
      appender.appendVarchar(s.format);
      for (const n of [s.rowsRead, s.messages, s.systemRows, s.duplicates, s.rejects]) appender.appendBigInt(BigInt(n));
      appender.appendVarchar(JSON.stringify(s.details));
      appender.endRow();
    }
    appender.closeSync();
    await warehouse.run(
      `INSERT INTO import_batches (batch_id, file, sha256, format, kind, rows_read, messages, system_rows, duplicates, rejects, started_at, finished_at, details)
       SELECT batch_id, file, sha256, format, 'messages', rows_read, messages, system_rows, duplicates, rejects, now(), now(), details::JSON
       FROM group_batches`);
    return summaries;
  });
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
    createReadStream(file, { highWaterMark: 1 << 20 })
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
