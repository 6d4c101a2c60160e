import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ConfigError } from '../../core/errors.ts';
import { openContext } from '../../db/context.ts';
import { defaultKeyPath, loadOrCreateKey } from '../../db/warehouse-key.ts';
import type { CliIo } from '../cli-io.ts';
import { globalOptions, loggerFor } from '../command-context.ts';

export function registerInit(program: Command, io: CliIo): void {
  program
    .command('init')
    .description('Create a new warehouse and its secret key (mode 0600, outside the DuckDB file). Sender keys are HMAC-SHA256 of each number under this key; never overwrites an existing key.')
    .addHelpText('after', `
The key file is --key-file, else BUZON_KEY_FILE, else <db>.key. Keep it apart from copies of the
warehouse: without it a sender key cannot be turned back into a phone number.

Examples:
  $ buzon --db campaign.duckdb init
  $ buzon --db campaign.duckdb --key-file ~/.config/buzon/campaign.key init`)
    .action(async (_options: unknown, command: Command) => {
      const options = globalOptions(command);
      if (options.db === ':memory:') throw new ConfigError('init needs a warehouse file (--db FILE), not :memory:');
      const db = resolve(io.cwd, options.db);
      const keyFile = options.keyFile ? resolve(io.cwd, options.keyFile) : resolve(io.cwd, defaultKeyPath(db));
      if (existsSync(keyFile)) {
        throw new ConfigError(`${keyFile}: a key file already exists; buzon init never overwrites a key (every sender key of its warehouse depends on it)`);
      }
      if (existsSync(db)) throw new ConfigError(`${db}: the warehouse already exists; init only creates new ones`);
      const logger = loggerFor(io, options);
      const { key } = createKey(keyFile);
      const context = await openContext({ db, keyFile, key, logger });
      context.warehouse.close();
      logger.info(`created warehouse ${db}`);
      logger.info(`created key ${keyFile} (mode 0600): keep it safe and out of backups of the warehouse; sender keys depend on it`);
    });
}

function createKey(keyFile: string) {
  try {
    return loadOrCreateKey(keyFile);
  } catch (error) {
    throw new ConfigError(`${keyFile}: cannot write the key file (${(error as Error).message.split('\n')[0]})`, { cause: error });
  }
}
