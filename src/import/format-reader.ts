import type { BuzonContext } from '../db/context.ts';
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
  /** Extra, format-specific options (e.g. WhatsApp `dateOrder`, `owner`). */
  [option: string]: unknown;
}

/**
 * A reader turns one input file into rows of the staging tables (see staging.ts) and says how many
 * input rows it read; every one of them must end up staged, rejected or as a system row.
 */
export interface FormatReader {
  format: MessageFormat;
  /** Whether a file's first characters look like this format. */
  detect(headText: string, file: string): boolean;
  stage(context: BuzonContext, file: string, options: ReadOptions): Promise<{ rowsRead: number }>;
}
