import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createConsoleLogger, type Logger } from '../core/logger.ts';
import type { BuzonContext } from '../db/context.ts';
import { lazy } from './lazy-import.ts';
import type { CliIo } from './cli-io.ts';

const openContext = lazy(() => import('../db/context.ts'), 'openContext');

export interface GlobalOptions {
  db: string;
  keyFile?: string;
  verbose?: boolean;
  quiet?: boolean;
}

export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals() as GlobalOptions;
}

export function loggerFor(io: CliIo, options: GlobalOptions): Logger {
  return createConsoleLogger({
    quiet: options.quiet,
    verbose: options.verbose,
    stream: io.stderr as NodeJS.WriteStream,
    color: io.stderr.isTTY === true && !io.env.NO_COLOR,
  });
}

/** Opens the warehouse named by --db for one command and closes it afterwards. */
export async function withContext<T>(
  io: CliIo, command: Command, work: (context: BuzonContext) => Promise<T>, access: { readOnly?: boolean } = {},
): Promise<T> {
  const options = globalOptions(command);
  const context = await openContext({
    db: options.db === ':memory:' ? ':memory:' : resolve(io.cwd, options.db),
    keyFile: options.keyFile ? resolve(io.cwd, options.keyFile) : undefined,
    logger: loggerFor(io, options),
    readOnly: access.readOnly,
  });
  try {
    return await work(context);
  } finally {
    context.warehouse.close();
  }
}
