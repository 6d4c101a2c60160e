import type { BuzonContext } from '../db/context.ts';
import type { Progress } from '../core/logger.ts';
import type { Encoding } from './file-encoding.ts';

export type MessageFormat = 'csv' | 'whatsapp' | 'cloud-api' | 'twilio';

export interface ReadOptions {
  /** Zone for times written without an offset. */
  tz: string;
  encoding: Encoding;
  /** The file's first 64 KiB, decoded. */
  headText: string;
  /** Name shown for the file in rejects and summaries. */
  displayName: string;
  /** Where a reader that streams in JS reports rows read (with a total estimated from bytes). */
  progress?: Progress;
  /** Extra, format-specific options (e.g. WhatsApp `dateOrder`, `owner`). */
  [option: string]: unknown;
}

/**
 * A reader turns one input file into rows of the staging tables (see staging.ts) and says how many
 * input rows it read; every one of them must end up staged, rejected or as a system row.
 */
export interface FormatReader {
  format: MessageFormat;
  /** Set when the reader updates `options.progress` itself (else the runner shows DuckDB's progress). */
  reportsProgress?: boolean;
  /** Whether a file's first characters look like this format. */
  detect(headText: string, file: string): boolean;
  stage(context: BuzonContext, file: string, options: ReadOptions): Promise<StageResult>;
}

export interface StageResult {
  /** Input rows: each is staged as a message, a system row or a reject. */
  rowsRead: number;
  /** What else the reader learned (stored in import_batches.details; e.g. `statuses` counted, WhatsApp `date_order`). */
  details?: Record<string, unknown>;
}
