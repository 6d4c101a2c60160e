import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliIo } from '../cli-io.ts';
import { withContext } from '../command-context.ts';
import { positiveInt } from './option-parsers.ts';
import { lazy } from '../lazy-import.ts';

const trainClassifier = lazy(() => import('../../enrich/classifier-training.ts'), 'trainClassifier');
const classifyIssues = lazy(() => import('../../enrich/issue-classifier.ts'), 'classifyIssues');
const updateEnrichmentIssues = lazy(() => import('../../enrich/issue-classifier.ts'), 'updateEnrichmentIssues');

export function registerClassify(program: Command, io: CliIo): void {
  const classify = program
    .command('classify')
    .description('Issue classification: taxonomy rules plus the newest trained model (buzon enrich runs it too).');
  classify
    .command('apply', { isDefault: true })
    .description('Classify every inbound message (message_issues, message_issue_summary; message_enrichment when it exists).')
    .option('--rules-only', 'ignore any trained model')
    .option('--model-version <n>', 'use this model version instead of the newest', positiveInt)
    .option('--taxonomy <file>', 'taxonomy file (default: data/taxonomy.json)')
    .addHelpText('after', '\nExamples:\n  $ buzon classify\n  $ buzon classify --rules-only')
    .action(async (options: { rulesOnly?: boolean; modelVersion?: number; taxonomy?: string }, command: Command) => {
      await withContext(io, command, async (context) => {
        const result = await classifyIssues(context, {
          useModel: !options.rulesOnly, modelVersion: options.modelVersion,
          taxonomyFile: options.taxonomy ? resolve(io.cwd, options.taxonomy) : undefined,
        });
        const updated = await updateEnrichmentIssues(context.warehouse);
        const n = (x: number) => x.toLocaleString('en-US');
        const layers = result.modelVersion ? `rules (taxonomy ${result.taxonomyVersion}) + model v${result.modelVersion}` : `rules only (taxonomy ${result.taxonomyVersion})`;
        context.logger.info(`classified ${n(result.messages)} inbound messages with ${layers}: ${n(result.labelled)} have an issue; ${n(result.ms)} ms` +
          (updated ? '; message_enrichment updated' : ''));
        await context.warehouse.checkpoint();
      });
    });
  classify
    .command('train')
    .description('Fit the issue model (one-vs-rest logistic regression on word, phonetic and character n-gram features) on the imported labels and store it as the newest version.')
    .option('--epochs <n>', 'passes over the labels', positiveInt)
    .option('--min-df <n>', 'a feature must occur in at least this many labelled messages', positiveInt)
    .option('--bigrams', 'add word bigrams to the features (slower to score; no gain measured)')
    .option('--taxonomy <file>', 'taxonomy file (default: data/taxonomy.json)')
    .option('--json', 'print the training summary as JSON on stdout')
    .addHelpText('after', '\nExample:\n  $ buzon label import labels.csv && buzon classify train && buzon classify')
    .action(async (options: { epochs?: number; minDf?: number; bigrams?: boolean; taxonomy?: string; json?: boolean }, command: Command) => {
      await withContext(io, command, async (context) => {
        const summary = await trainClassifier(context, {
          taxonomyFile: options.taxonomy ? resolve(io.cwd, options.taxonomy) : undefined,
          ftrl: options.epochs ? { epochs: options.epochs } : undefined,
          minDf: options.minDf,
          features: options.bigrams ? { bigrams: true } : undefined,
        });
        await context.warehouse.checkpoint();
        if (options.json) {
          io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
          return;
        }
        const n = (x: number) => x.toLocaleString('en-US');
        context.logger.info(`model v${summary.version}: ${n(summary.trainingRows)} labelled messages, ${n(summary.features)} features, ` +
          `${n(summary.weights)} non-zero weights, ${n(summary.ms)} ms`);
        context.logger.info(`validation on ${n(summary.validationRows)} held-out labels: macro-F1 ${summary.validation.macroF1.toFixed(3)}`);
        for (const [issue, m] of Object.entries(summary.validation.issues)) {
          context.logger.info(`  ${issue.padEnd(16)} f1 ${m.f1.toFixed(3)}  precision ${m.precision.toFixed(3)}  recall ${m.recall.toFixed(3)}  threshold ${m.threshold}  (${m.support} examples)`);
        }
      });
    });
}
