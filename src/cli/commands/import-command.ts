import type { Command } from 'commander';
import { ENCODINGS, type Encoding } from '../../import/file-encoding.ts';
import type { MessageFormat } from '../../import/format-reader.ts';
import type { FileImportSummary } from '../../import/import-runner.ts';
import { checkInputsExist } from '../../import/input-files.ts';
import type { DateOrder } from '../../import/whatsapp-parser.ts';
import type { CliIo } from '../cli-io.ts';
import { withContext } from '../command-context.ts';
import { oneOf, timeZone } from './option-parsers.ts';
import { lazy } from '../lazy-import.ts';

const importContactsFile = lazy(() => import('../../import/contacts-importer.ts'), 'importContactsFile');
const formatImportSummary = lazy(() => import('../../import/import-runner.ts'), 'formatImportSummary');
const importMessageFiles = lazy(() => import('../../import/import-runner.ts'), 'importMessageFiles');

interface ImportCommandOptions {
  contacts?: string[];
  format: MessageFormat | 'auto';
  tz: string;
  encoding: Encoding | 'auto';
  dateOrder?: DateOrder;
  owner?: string;
}

export function registerImport(program: Command, io: CliIo): void {
  program
    .command('import')
    .description('Load message exports and contact sheets into the warehouse. Every row becomes a message, a system row, a skipped duplicate or a reject with its line and reason; a file imported twice adds nothing.')
    .argument('[files...]', 'message files, folders, glob patterns or .zip exports')
    .option('--contacts <file...>', 'contact sheets: a phone column plus age, birth_year, state_declared, name (names resolve WhatsApp authors)')
    .option('--format <format>', 'auto | csv | whatsapp | cloud-api | twilio', oneOf(['auto', 'csv', 'whatsapp', 'cloud-api', 'twilio'] as const), 'auto')
    .option('--tz <zone>', 'time zone for times written without an offset (WhatsApp exports, naive CSV times)', timeZone, 'America/Mexico_City')
    .option('--encoding <encoding>', `auto | ${ENCODINGS.join(' | ')}`, oneOf(['auto', ...ENCODINGS] as const), 'auto')
    .option('--date-order <order>', 'WhatsApp exports: dmy | mdy | ymd (default: decided per file from its dates)', oneOf(['dmy', 'mdy', 'ymd'] as const))
    .option('--owner <name>', "WhatsApp exports: the account owner's name as it appears as author; their lines are outbound (remembered)")
    .addHelpText('after', `
Formats (detected from the content): buzon's CSV (message_id,sender,sent_at,direction,body[,sender_name,media]),
WhatsApp "Export chat" .txt (or its .zip), WhatsApp Cloud API webhook payloads (JSON or NDJSON), Twilio message-log CSV.
See docs/import.md.

Examples:
  $ buzon import sample/messages.csv --contacts sample/contacts.csv
  $ buzon import exports/ --tz America/Tijuana
  $ buzon import "chats/*.zip" --owner "Campaña Norte" --contacts voluntarios.csv
  $ buzon import webhook-log.ndjson twilio-export.csv`)
    .action(async (files: string[], options: ImportCommandOptions, command: Command) => {
      if (!files.length && !options.contacts?.length) command.error('error: give at least one file, folder or --contacts sheet', { exitCode: 2 });
      // Check every input before the warehouse (and its key) is created for a typo.
      checkInputsExist([...files, ...(options.contacts ?? [])]);
      await withContext(io, command, async (context) => {
        const summaries: FileImportSummary[] = [];
        // Contacts first: their names resolve the authors of WhatsApp exports imported in the same run.
        for (const sheet of options.contacts ?? []) summaries.push(await importContactsFile(context, sheet, options));
        summaries.push(...(await importMessageFiles(context, files, {
          format: options.format, tz: options.tz, encoding: options.encoding,
          readerOptions: { ...(options.dateOrder ? { dateOrder: options.dateOrder } : {}), ...(options.owner ? { owner: options.owner } : {}) },
        })));
        for (const line of await formatImportSummary(summaries)) context.logger.info(line);
        await context.warehouse.checkpoint();
      });
    });
}
