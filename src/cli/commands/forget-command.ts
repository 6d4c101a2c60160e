import type { Command } from 'commander';
import type { ForgetSummary } from '../../privacy/forget-runner.ts';
import type { CliIo } from '../cli-io.ts';
import { withContext } from '../command-context.ts';
import { lazy } from '../lazy-import.ts';

const forgetPerson = lazy(() => import('../../privacy/forget-runner.ts'), 'forgetPerson');

export function registerForget(program: Command, io: CliIo): void {
  program
    .command('forget')
    .description('Delete everything about one person (messages, contact, phone, enrichment, segment membership), mask their number where others typed it, rebuild the models, log it in forget_log (sender key only) and rewrite the file so the bytes are gone. Cannot be undone.')
    .argument('<person>', 'their phone number in any common form, or their 32-character sender key')
    .option('--by <name>', 'who asked, recorded in forget_log (default: your user name)')
    .option('--no-rebuild', 'do not re-run the SQL models afterwards (run buzon build yourself)')
    .addHelpText('after', `
Files already written (reports, exports) are not touched: delete or rebuild them.

Examples:
  $ buzon forget "+52 55 1234 5678" --by "solicitud ARCO 2026-041"
  $ buzon forget 3f1c0d9e8a7b6c5d4e3f2a1b0c9d8e7f`)
    .action(async (person: string, options: { by?: string; rebuild: boolean }, command: Command) => {
      await withContext(io, command, async (context) => {
        const summary = await forgetPerson(context, person, { who: options.by, rebuild: options.rebuild });
        for (const line of formatForgetSummary(summary)) context.logger.info(line);
      });
    });
}

export function formatForgetSummary(s: ForgetSummary): string[] {
  const lines = [
    s.found
      ? `forgot sender ${s.senderKey}: ${s.messages} messages, ${s.contacts} contact rows, ${s.phones} phone rows, ` +
        `${s.otherRows} other rows (enrichment, rejects, segments); number masked in ${s.mentionsMasked} rows written by others`
      : `nothing stored about sender ${s.senderKey}; the request is logged in forget_log`,
  ];
  if (s.rebuiltModels) lines.push(`rebuilt ${s.rebuiltModels} models`);
  if (s.compacted) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    lines.push(`rewrote the warehouse file (${mb(s.compacted.bytesBefore)} MB -> ${mb(s.compacted.bytesAfter)} MB, ${(s.compacted.ms / 1000).toFixed(1)} s): the deleted bytes are gone`);
  }
  return lines;
}
