import type { Command } from 'commander';
import { buildReport } from '../../report/report-builder.ts';
import type { CliIo } from '../cli-io.ts';
import { withContext } from '../command-context.ts';
import { oneOf } from './option-parsers.ts';

export function registerReport(program: Command, io: CliIo): void {
  program
    .command('report')
    .description('Write a self-contained HTML report (opens offline) with its Vega-Lite chart specs beside it.')
    .option('--out <dir>', 'output folder', 'report')
    .option('--lang <lang>', 'es | en', oneOf(['es', 'en'] as const), 'es')
    .addHelpText('after', '\nExample:\n  $ buzon report --out report/ --lang es')
    .action(async (options: { out: string; lang: 'es' | 'en' }, command: Command) => {
      await withContext(io, command, async (context) => {
        const result = await buildReport(context, { outDir: options.out, lang: options.lang });
        io.stdout.write(`${result.htmlFile}\n`);
      }, { readOnly: true });
    });
}
