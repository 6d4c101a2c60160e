// `node --import tsx bench/classify.bench.ts [--messages N] [--train N] [--runs N] [--large] [--no-eval]`:
// issue classification of N generated messages (1M; 10M with --large), imported once and cached under
// bench/cache. Times `classifyIssues` rules-only and rules + a model trained on another seed (--train
// labelled messages, seed 7), median of --runs, and scores both against the sample's truth with
// `buzon eval`'s code. Prints one JSON line on stdout; progress on stderr.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMemoryLogger } from '../src/core/logger.ts';
import { openContext, type BuzonContext } from '../src/db/context.ts';
import { quoteLiteral } from '../src/db/sql-identifiers.ts';
import { trainClassifier } from '../src/enrich/classifier-training.ts';
import { runEvaluation } from '../src/enrich/eval-runner.ts';
import { classifyIssues } from '../src/enrich/issue-classifier.ts';
import { importLabels } from '../src/enrich/label-importer.ts';
import { importMessageFiles } from '../src/import/import-runner.ts';
import { CACHE_DIR, cachedSample, machine, peakRssMb, stat } from './bench-utils.ts';

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const messages = Number(option('--messages') ?? (args.includes('--large') ? 10_000_000 : 1_000_000));
const trainMessages = Number(option('--train') ?? 30_000);
const runs = Number(option('--runs') ?? 3);
const log = (m: string) => process.stderr.write(`${m}\n`);

async function cachedWarehouse(name: string, build: (context: BuzonContext) => Promise<void>): Promise<string> {
  const db = join(CACHE_DIR, `${name}.duckdb`);
  const ready = `${db}.ready`;
  if (existsSync(ready)) return db;
  for (const f of [db, `${db}.wal`, `${db}.key`, `${db}.tmp`]) rmSync(f, { force: true, recursive: true });
  const context = await openContext({ db, logger: createMemoryLogger() });
  try {
    await build(context);
    await context.warehouse.checkpoint();
  } finally {
    context.warehouse.close();
  }
  writeFileSync(ready, new Date().toISOString());
  return db;
}

// The import caps DuckDB's memory (BUZON_MEMORY_LIMIT, 1GB by default); give this one-off import room.
process.env.BUZON_MEMORY_LIMIT ||= '4GB';
const sample = await cachedSample(messages);
const db = await cachedWarehouse(`classify-${messages}`, async (context) => {
  log(`importing ${messages.toLocaleString('en-US')} messages`);
  await importMessageFiles(context, [sample.messagesFile]);
});
const trainingSample = await cachedSample(trainMessages, 7);
let training: Record<string, unknown> = { cached: true };
const modelDb = await cachedWarehouse(`classify-model-${trainMessages}`, async (context) => {
  log(`training on ${trainMessages.toLocaleString('en-US')} labelled messages (seed 7)`);
  await importMessageFiles(context, [trainingSample.messagesFile]);
  await importLabels(context, trainingSample.truthFile);
  const summary = await trainClassifier(context);
  training = { seconds: summary.ms / 1000, features: summary.features, weights: summary.weights, validationMacroF1: summary.validation.macroF1 };
});

async function measure(useModel: boolean) {
  const seconds: number[] = [];
  const cpuSeconds: number[] = [];
  let steps: Record<string, number> | undefined;
  let macroF1: number | undefined;
  let rulesAloneMacroF1: number | undefined;
  for (let i = 0; i < runs; i++) {
    const context = await openContext({ db, logger: createMemoryLogger() });
    try {
      await context.warehouse.run('DELETE FROM classifier_weights; DELETE FROM classifier_models');
      if (useModel) {
        await context.warehouse.run(`ATTACH ${quoteLiteral(modelDb)} AS model_src (READ_ONLY)`);
        await context.warehouse.run('INSERT INTO classifier_models SELECT * FROM model_src.classifier_models');
        await context.warehouse.run('INSERT INTO classifier_weights SELECT * FROM model_src.classifier_weights');
        await context.warehouse.run('DETACH model_src');
      }
      const cpu = process.cpuUsage();
      const result = await classifyIssues(context, { useModel });
      const used = process.cpuUsage(cpu);
      seconds.push(result.ms / 1000);
      cpuSeconds.push((used.user + used.system) / 1e6);
      steps ??= result.steps;
      log(`classify ${useModel ? 'rules + model' : 'rules only'} run ${i + 1}: ${(result.ms / 1000).toFixed(2)} s wall, ` +
        `${cpuSeconds.at(-1)!.toFixed(2)} s CPU, ${Math.round(result.messages / (result.ms / 1000)).toLocaleString('en-US')} messages/s ${JSON.stringify(result.steps)}`);
      if (i === 0 && !args.includes('--no-eval')) {
        const report = await runEvaluation(context, sample.truthFile);
        macroF1 = report.issues?.macroF1;
        rulesAloneMacroF1 = report.issues?.rulesAlone?.macroF1;
      }
    } finally {
      context.warehouse.close();
    }
  }
  const s = stat(seconds);
  const cpu = stat(cpuSeconds);
  // CPU seconds over the 2 cores say what an idle machine would do when other work shares this one.
  return {
    seconds: s, cpuSeconds: cpu, messagesPerSecond: Math.round(messages / s.median),
    messagesPerCpuSecond: Math.round(messages / cpu.median), stepsMs: steps, macroF1, rulesAloneMacroF1,
  };
}

const rulesOnly = await measure(false);
const combined = await measure(true);
process.stdout.write(`${JSON.stringify({
  bench: 'classify', messages, machine: machine(), training: { messages: trainMessages, seed: 7, ...training },
  rulesOnly, combined, peakRssMb: peakRssMb(),
})}\n`);
