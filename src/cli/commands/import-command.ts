import type { Command } from 'commander';
import { importContactsFile } from '../../import/contacts-importer.ts';
import { expandInputs, formatImportSummary, importMessageFiles, type FileImportSummary } from '../../import/import-runner.ts';
import type { CliIo } from '../cli-io.ts';
import { withContext } from '../command-context.ts';
import { oneOf, timeZone } from './option-parsers.ts';

export function registerImport(program: Command, io: CliIo): void {
  program
    .command('import')
    .description('Load message exports and contact sheets into the warehouse. Every row becomes a message, a system row, a skipped duplicate or a reject with its line and reason; a file imported twice adds nothing.')
    .argument('[files...]', 'message files or folders')
    .option('--contacts <file...>', 'contact sheets: a phone column plus age, birth_year, state_declared')
    .option('--format <format>', 'auto | csv', oneOf(['auto', 'csv'] as const), 'auto')
    .option('--tz <zone>', 'time zone for times written without an offset', timeZone, 'America/Mexico_City')
    .option('--encoding <encoding>', 'auto | utf-8 | utf-16 | latin-1', oneOf(['auto', 'utf-8', 'utf-16', 'latin-1'] as const), 'auto')
    .addHelpText('after', `
Canonical CSV header: message_id,sender,sent_at,direction,body[,sender_name,media] (any order; extra columns kept).

Examples:
  $ buzon import sample/messages.csv --contacts sample/contacts.csv
  $ buzon import exports/ --tz America/Tijuana`)
    .action(async (files: string[], options: { contacts?: string[]; format: 'auto' | 'csv'; tz: string; encoding: 'auto' }, command: Command) => {
      if (!files.length && !options.contacts?.length) command.error('error: give at least one file, folder or --contacts sheet', { exitCode: 2 });
      // Check every input before the warehouse (and its key) is created for a typo.
      expandInputs([...files, ...(options.contacts ?? [])]);
      await withContext(io, command, async (context) => {
        const summaries: FileImportSummary[] = await importMessageFiles(context, files, options);
        for (const sheet of options.contacts ?? []) summaries.push(await importContactsFile(context, sheet, options));
        for (const line of formatImportSummary(summaries)) context.logger.info(line);
        await context.warehouse.checkpoint();
      });
    });
}
