import type { Command } from 'commander';
import type { CliIo } from '../cli-io.ts';
import { globalOptions, loggerFor } from '../command-context.ts';
import { integer, positiveInt } from './option-parsers.ts';
import { lazy } from '../lazy-import.ts';

const runDemo = lazy(() => import('../../pipeline/demo-pipeline.ts'), 'runDemo');

export function registerDemo(program: Command, io: CliIo): void {
  program
    .command('demo')
    .description('Build a demo warehouse from generated sample data and write its report (what `npm start` runs).')
    .option('--dir <dir>', 'folder for the sample data, warehouse and report', 'demo')
    .option('-n, --messages <n>', 'how many sample messages', positiveInt, 50_000)
    .option('--seed <n>', 'random seed', integer, 1)
    .addHelpText('after', '\nExample:\n  $ buzon demo --messages 200000 --dir /tmp/buzon-demo')
    .action(async (options: { dir: string; messages: number; seed: number }, command: Command) => {
      const logger = loggerFor(io, globalOptions(command));
      const result = await runDemo({ dir: options.dir, messages: options.messages, seed: options.seed, logger });
      io.stdout.write(`warehouse: ${result.warehouse}\nreport:    ${result.report}\n`);
      logger.info(`done in ${result.seconds.toFixed(1)} s; try: npx buzon --db ${result.warehouse} query "SELECT * FROM messages_per_day"`);
    });
}
