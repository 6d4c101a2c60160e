import type { Command } from 'commander';
import type { CliIo } from '../cli-io.ts';
import { globalOptions, loggerFor } from '../command-context.ts';
import { oneOf, positiveInt, integer } from './option-parsers.ts';
import { lazy } from '../lazy-import.ts';

const generateSample = lazy(() => import('../../generate/sample-generator.ts'), 'generateSample');

const FORMATS = ['csv', 'whatsapp', 'cloud-api', 'twilio'] as const;

export function registerGenerate(program: Command, io: CliIo): void {
  program
    .command('generate')
    .description('Write deterministic sample data: messages.csv (canonical CSV), contacts.csv and truth.csv (ground truth).')
    .option('-n, --messages <n>', 'how many messages', positiveInt, 50_000)
    .option('--seed <n>', 'random seed: the same seed gives the same bytes', integer, 1)
    .option('--out <dir>', 'output folder', 'sample')
    .option('--format <format...>', `also write other export formats (${FORMATS.join(', ')})`)
    .addHelpText('after', '\nExample:\n  $ buzon generate --messages 100000 --seed 7 --out sample/')
    .action(async (options: { messages: number; seed: number; out: string; format?: string[] }, command: Command) => {
      const logger = loggerFor(io, globalOptions(command));
      const formats = (options.format ?? []).map(oneOf(FORMATS));
      const progress = logger.progress('generating', options.messages);
      const result = await generateSample({
        messages: options.messages, seed: options.seed, outDir: options.out,
        formats: formats.length ? ['csv', ...formats.filter((f) => f !== 'csv')] : undefined,
        onProgress: (n) => progress.update(n),
      });
      progress.done(`wrote ${result.messages.toLocaleString('en-US')} messages from ${result.senders.toLocaleString('en-US')} senders`);
      for (const file of [result.messagesFile, result.contactsFile, result.truthFile, ...Object.values(result.extraFiles)]) {
        io.stdout.write(`${file}\n`);
      }
    });
}
