import type { Command } from 'commander';
import type { CliIo } from '../cli-io.ts';
import { registerBuild } from './build-command.ts';
import { registerDemo } from './demo-command.ts';
import { registerGenerate } from './generate-command.ts';
import { registerImport } from './import-command.ts';
import { registerQuery } from './query-command.ts';
import { registerReport } from './report-command.ts';

/** Every subcommand, in the order `--help` lists them. */
export function registerCommands(program: Command, io: CliIo): void {
  registerGenerate(program, io);
  registerImport(program, io);
  registerBuild(program, io);
  registerReport(program, io);
  registerQuery(program, io);
  registerDemo(program, io);
}
