import type { Command } from 'commander';
import type { CliIo } from '../cli-io.ts';
import { registerAudience } from './audience-command.ts';
import { registerBuild } from './build-command.ts';
import { registerClassify } from './classify-command.ts';
import { registerDemo } from './demo-command.ts';
import { registerDocs } from './docs-command.ts';
import { registerEnrich } from './enrich-command.ts';
import { registerEval } from './eval-command.ts';
import { registerExport } from './export-command.ts';
import { registerForget } from './forget-command.ts';
import { registerGenerate } from './generate-command.ts';
import { registerImport } from './import-command.ts';
import { registerInit } from './init-command.ts';
import { registerLabel } from './label-command.ts';
import { registerNotebook } from './notebook-command.ts';
import { registerQuery } from './query-command.ts';
import { registerReport } from './report-command.ts';
import { registerSegment } from './segment-command.ts';
import { registerSql } from './sql-command.ts';

/** Every subcommand, in the order `--help` lists them. */
export function registerCommands(program: Command, io: CliIo): void {
  registerInit(program, io);
  registerGenerate(program, io);
  registerImport(program, io);
  registerEnrich(program, io);
  registerLabel(program, io);
  registerClassify(program, io);
  registerEval(program, io);
  registerBuild(program, io);
  registerSegment(program, io);
  registerAudience(program, io);
  registerReport(program, io);
  registerNotebook(program, io);
  registerQuery(program, io);
  registerSql(program, io);
  registerDocs(program, io);
  registerExport(program, io);
  registerForget(program, io);
  registerDemo(program, io);
}
