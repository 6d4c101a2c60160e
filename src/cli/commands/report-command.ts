import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliIo } from '../cli-io.ts';
import { withContext } from '../command-context.ts';
import { oneOf } from './option-parsers.ts';
import { lazy } from '../lazy-import.ts';

const buildReport = lazy(() => import('../../report/report-builder.ts'), 'buildReport');

interface ReportCommandOptions {
  out: string;
  lang: 'es' | 'en';
  from?: string;
  to?: string;
  segment?: string;
}

export function registerReport(program: Command, io: CliIo): void {
  program
    .command('report')
    .description('Write a self-contained HTML report for strategists (opens offline, prints to A4) with each chart\'s Vega-Lite spec beside it.')
    .option('--out <dir>', 'output folder', 'report')
    .option('--lang <lang>', 'es | en', oneOf(['es', 'en'] as const), 'es')
    .option('--from <date>', "first day (YYYY-MM-DD, sender's local day)")
    .option('--to <date>', 'last day (YYYY-MM-DD, inclusive)')
    .option('--segment <name>', 'only the messages of the contacts in a saved segment (buzon segment save)')
    .addHelpText('after', `
Example:
  $ buzon report --out report/
  $ buzon report --out report-en/ --lang en --from 2026-09-01 --to 2026-09-07 --segment jovenes-nl

Writes report.html and <chart>.vl.json files. Cells with fewer than k senders (settings.k_anonymity)
show as "<k". Sections whose tables are missing say so (run buzon enrich and buzon build).`)
    .action(async (options: ReportCommandOptions, command: Command) => {
      await withContext(io, command, async (context) => {
        const result = await buildReport(context, {
          outDir: resolve(io.cwd, options.out), lang: options.lang, from: options.from, to: options.to, segment: options.segment,
        });
        const drawn = result.charts.filter((c) => c.status === 'ok').length;
        context.logger.info(`report: ${drawn} of ${result.charts.length} charts, ${(result.timings.totalMs / 1000).toFixed(1)} s`);
        io.stdout.write(`${result.htmlFile}\n`);
      }, { readOnly: true });
    });
}
