import { PassThrough } from 'node:stream';
import type { CliIo } from '../../src/cli/cli-io.ts';
import { runCli } from '../../src/cli/program.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stdoutBytes: Buffer;
  stderr: string;
}

/** Runs the CLI as a user would, with captured output and optional stdin text. */
export async function cli(args: string[], options: { cwd: string; stdin?: string; columns?: number; env?: NodeJS.ProcessEnv } = { cwd: process.cwd() }): Promise<CliRun> {
  const out: Buffer[] = [];
  const err: string[] = [];
  let stdin: PassThrough | undefined;
  if (options.stdin !== undefined) {
    stdin = new PassThrough();
    stdin.end(options.stdin);
  }
  const io: CliIo = {
    stdout: { write: (chunk: string | Uint8Array) => { out.push(Buffer.from(chunk)); return true; }, columns: options.columns },
    stderr: { write: (chunk: string) => { err.push(chunk); return true; } },
    stdin: stdin ?? Object.assign(new PassThrough(), { isTTY: true }),
    env: { NO_COLOR: '1', HOME: options.cwd, ...options.env },
    cwd: options.cwd,
  };
  const code = await runCli(args, io);
  const stdoutBytes = Buffer.concat(out);
  return { code, stdout: stdoutBytes.toString('utf8'), stdoutBytes, stderr: err.join('') };
}
