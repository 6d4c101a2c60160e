import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliIo } from '../cli-io.ts';
import { withContext } from '../command-context.ts';
import { lazy } from '../lazy-import.ts';

const formatEvalReport = lazy(() => import('../../enrich/eval-runner.ts'), 'formatEvalReport');
const runEvaluation = lazy(() => import('../../enrich/eval-runner.ts'), 'runEvaluation');

export function registerEval(program: Command, io: CliIo): void {
  program
    .command('eval')
    .description('Measure the enriched warehouse against a truth file: issue precision/recall/F1 (combined and rules alone) with a confusion table, state and age-band accuracy, noise, opt-out and chain scores.')
    .requiredOption('--truth <file>', 'CSV with message_id and any of issues, state, age_band, noise, optout, chain')
    .option('--json', 'print the report as JSON on stdout')
    .addHelpText('after', '\nExample:\n  $ buzon generate --seed 7 --out sample && buzon import sample/messages.csv --contacts sample/contacts.csv\n  $ buzon enrich && buzon eval --truth sample/truth.csv')
    .action(async (options: { truth: string; json?: boolean }, command: Command) => {
      await withContext(io, command, async (context) => {
        const report = await runEvaluation(context, resolve(io.cwd, options.truth));
        report.truthFile = options.truth;
        const text = options.json ? JSON.stringify(report, null, 2) : (await formatEvalReport(report)).join('\n');
        io.stdout.write(`${text}\n`);
      });
    });
}
