/**
 * Commands report through a Logger instead of printing, so tests can read what a user would see.
 * Messages and progress go to stderr; data goes to stdout through the command's own writer.
 */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
  /** Starts a progress display for long work; `total` enables a percentage and ETA. */
  progress(label: string, total?: number): Progress;
}

export interface Progress {
  /** `total` replaces the estimate given at the start (e.g. rows estimated from bytes read so far). */
  update(done: number, total?: number): void;
  done(summary?: string): void;
}

export interface ConsoleLoggerOptions {
  quiet?: boolean;
  verbose?: boolean;
  stream?: NodeJS.WriteStream;
  color?: boolean;
  /** Seconds between plain progress lines when stderr is not a terminal. */
  plainInterval?: number;
}

export function createConsoleLogger(options: ConsoleLoggerOptions = {}): Logger {
  const stream = options.stream ?? process.stderr;
  const isTty = Boolean(stream.isTTY);
  const color = options.color ?? (isTty && !process.env.NO_COLOR);
  const paint = (code: number, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const write = (line: string) => stream.write(`${line}\n`);
  return {
    info: (m) => { if (!options.quiet) write(m); },
    warn: (m) => write(paint(33, `warning: ${m}`)),
    error: (m) => write(paint(31, `error: ${m}`)),
    debug: (m) => { if (options.verbose) write(paint(2, m)); },
    progress: (label, total) =>
      options.quiet ? silentProgress : createStreamProgress(stream, label, total, isTty, options.plainInterval ?? 5),
  };
}

const silentProgress: Progress = { update() {}, done() {} };

function createStreamProgress(
  stream: NodeJS.WriteStream, label: string, total: number | undefined, isTty: boolean, plainInterval: number,
): Progress {
  const started = performance.now();
  let lastDraw = 0;
  let lastDone = 0;
  const render = (done: number) => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const parts = [`${label}: ${formatCount(done)}${total ? ` / ${formatCount(total)}` : ''}`, `${formatCount(Math.round(rate))}/s`];
    if (total && rate > 0 && done < total) parts.push(`ETA ${Math.ceil((total - done) / rate)}s`);
    return parts.join('  ');
  };
  return {
    update(done, newTotal) {
      lastDone = done;
      if (newTotal !== undefined) total = newTotal;
      const now = performance.now();
      if (isTty) {
        if (now - lastDraw < 100) return;
        lastDraw = now;
        stream.write(`\r\x1b[2K${render(done)}`);
      } else if (now - lastDraw >= plainInterval * 1000) {
        lastDraw = now;
        stream.write(`${render(done)}\n`);
      }
    },
    done(summary) {
      if (isTty) stream.write('\r\x1b[2K');
      if (summary) stream.write(`${summary}\n`);
      else if (lastDone) stream.write(`${render(lastDone)}\n`);
    },
  };
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** A logger that records lines, for tests. */
export interface MemoryLogger extends Logger {
  lines: string[];
  text(): string;
}

export function createMemoryLogger(): MemoryLogger {
  const lines: string[] = [];
  return {
    lines,
    text: () => lines.join('\n'),
    info: (m) => lines.push(m),
    warn: (m) => lines.push(`warning: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
    debug: () => {},
    progress: (label) => ({ update() {}, done(summary) { lines.push(summary ?? `${label}: done`); } }),
  };
}
