import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.ts';
import { formatCount } from '../../core/logger.ts';
import { defaultKeyPath } from '../../db/warehouse-key.ts';
import type { TextFormat } from '../../query/result-format.ts';
import type { CliIo } from '../cli-io.ts';
import { globalOptions, withContext } from '../command-context.ts';
import { oneOf } from './option-parsers.ts';
import { lazy } from '../lazy-import.ts';

const formatResult = lazy(() => import('../../query/result-format.ts'), 'formatResult');
const exportAudience = lazy(() => import('../../segment/audience-export.ts'), 'exportAudience');
const listSilos = lazy(() => import('../../segment/audience-export.ts'), 'listSilos');

export function registerAudience(program: Command, io: CliIo): void {
  const audience = program
    .command('audience')
    .description('Audience silos (reachable contacts by primary issue x state x age band) and their CSV export.');

  audience
    .command('list')
    .description('The silos with their sizes, largest first; a silo below k contacts shows "<k".')
    .option('--format <format>', 'table | csv | json', oneOf(['table', 'csv', 'json'] as const), 'table')
    .action(async (options: { format: TextFormat }, command: Command) => {
      await withContext(io, command, async (context) => {
        const { k, silos } = await listSilos(context);
        const rows = silos.map((s) => [s.silo_key, s.primary_issue, s.state_code, s.age_band, s.suppressed ? `<${k}` : s.contacts]);
        const columns = ['silo_key', 'issue', 'state_code', 'age_band', 'contacts'];
        io.stdout.write(await formatResult({ columns, rows }, options.format, { maxWidth: io.stdout.columns ?? 120, maxRows: 1_000_000 }));
      }, { readOnly: true });
    });

  audience
    .command('export')
    .description('Write the contacts of a selection as CSV: pseudonymous sender keys with their silo attributes. Opted-out contacts and silos below k are never exported; every export is logged in export_log.')
    .option('--where <filter>', "filter, e.g. \"issue = 'seguridad' and state = 'MX-NLE'\" (columns: issue, mentions, state, age_band, silo, day_part, week_part, first_seen, last_seen, messages_in, messages_out, state_source, age_source, sender_key)")
    .option('--silo <key>', "one silo, e.g. 'seguridad:MX-NLE:25-34' (see buzon audience list)")
    .option('--segment <name>', 'a saved segment (see buzon segment list)')
    .option('--out <file>', 'CSV file to write (default: stdout)')
    .option('--reveal-phones', 'add the phone number column; needs the warehouse key file; recorded in export_log')
    .addHelpText('after', `
Examples:
  $ buzon audience export --where "issue = 'seguridad' and state = 'MX-NLE'" --out seguridad-nl.csv
  $ buzon audience export --where "mentions in ('agua', 'salud') and day_part = 'noche'" --out noche.csv
  $ buzon audience export --silo seguridad:MX-NLE:25-34 --out silo.csv
  $ buzon audience export --segment jovenes-cdmx --out jovenes.csv --reveal-phones

Filter grammar: column op value joined by and / or / not and parentheses; ops = != < <= > >=,
in ('a', 'b'), like 'pat%', is [not] null. Text values in single quotes ('O''Higgins').`)
    .action(async (options: { where?: string; silo?: string; segment?: string; out?: string; revealPhones?: boolean }, command: Command) => {
      const global = globalOptions(command);
      if (options.revealPhones && global.db !== ':memory:') {
        const keyFile = global.keyFile ? resolve(io.cwd, global.keyFile) : defaultKeyPath(resolve(io.cwd, global.db));
        if (!existsSync(keyFile)) throw new UsageError(`--reveal-phones needs the warehouse key file; ${keyFile} not found`);
      }
      await withContext(io, command, async (context) => {
        const result = await exportAudience(context, {
          where: options.where, silo: options.silo, segment: options.segment, revealPhones: options.revealPhones,
          out: options.out ? resolve(io.cwd, options.out) : undefined,
          stdout: io.stdout as { write(chunk: string): unknown },
        });
        const target = result.outFile ?? 'stdout';
        context.logger.info(`exported ${formatCount(result.rows)} contacts to ${target} (sha256 ${result.sha256.slice(0, 16)}…; export_log #${result.exportId})`);
        if (result.withheld > 0) context.logger.info(`contacts in silos with fewer than k = ${result.k} contacts were left out`);
        if (options.revealPhones) context.logger.warn(`phone numbers revealed in ${target}; recorded as export_log #${result.exportId}`);
      });
    });
}
