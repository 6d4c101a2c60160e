import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliIo } from '../cli-io.ts';
import { withContext } from '../command-context.ts';
import { lazy } from '../lazy-import.ts';

const readDictionary = lazy(() => import('../../query/dictionary-writer.ts'), 'readDictionary');
const writeDictionary = lazy(() => import('../../query/dictionary-writer.ts'), 'writeDictionary');

export function registerDocs(program: Command, io: CliIo): void {
  program
    .command('docs')
    .description('Write the data dictionary of the analyst views (markdown and HTML): every column, its type, meaning and an example.')
    .requiredOption('--out <dir>', 'folder for data-dictionary.md and data-dictionary.html')
    .addHelpText('after', '\nExample:\n  $ buzon build && buzon docs --out docs/dictionary')
    .action(async (options: { out: string }, command: Command) => {
      await withContext(io, command, async (context) => {
        const dictionary = await readDictionary(context);
        for (const problem of dictionary.drift) context.logger.warn(problem);
        const files = await writeDictionary(dictionary, resolve(io.cwd, options.out));
        context.logger.info(`wrote ${files.markdown} and ${files.html} (${dictionary.views.length} views)`);
      }, { readOnly: true });
    });
}
