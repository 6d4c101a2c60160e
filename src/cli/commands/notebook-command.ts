import { resolve } from 'node:path';
import type { Command } from 'commander';
import { BuzonError } from '../../core/errors.ts';
import type { CliIo } from '../cli-io.ts';
import { withContext } from '../command-context.ts';
import { lazy } from '../lazy-import.ts';

const renderNotebook = lazy(() => import('../../report/notebook-renderer.ts'), 'renderNotebook');

export function registerNotebook(program: Command, io: CliIo): void {
  const notebook = program
    .command('notebook')
    .description('Notebooks: Markdown files with SQL and chart cells, rendered to self-contained HTML.')
    .addHelpText('after', '\nExample:\n  $ buzon notebook render notebooks/weekly-brief.md --out out/');
  notebook
    .command('render')
    .description('Run a notebook\'s SQL cells against the warehouse (read-only) and write <name>.html with its charts.')
    .argument('<file>', 'the notebook (.md)')
    .option('--out <dir>', 'output folder', 'notebooks-out')
    .option('--include-samples', 'also run cells marked `samples` (texts of individual messages, phone numbers masked)')
    .addHelpText('after', `
Example:
  $ buzon notebook render notebooks/weekly-brief.md --out out/
  $ buzon notebook render notebooks/data-quality.md --out out/ --include-samples

Cells are queries only; counts in rows with fewer than k senders show as "<k". See docs/reports.md.`)
    .action(async (file: string, options: { out: string; includeSamples?: boolean }, command: Command) => {
      await withContext(io, command, async (context) => {
        const result = await renderNotebook(context, resolve(io.cwd, file), {
          outDir: resolve(io.cwd, options.out), includeSamples: options.includeSamples,
        });
        io.stdout.write(`${result.htmlFile}\n`);
        if (result.failed) throw new BuzonError(`${file}: ${result.failed} cell(s) failed (the page shows which); fix them and render again`);
      }, { readOnly: true });
    });
}
