/** Base of every error buzon raises on purpose. The CLI prints `message` only; `--verbose` adds the stack. */
export class BuzonError extends Error {
  readonly exitCode: number = 1;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export interface InputLocation {
  file?: string;
  line?: number;
}

/** Bad input data: printed as one line naming the file and line. */
export class InputError extends BuzonError {
  readonly file?: string;
  readonly line?: number;
  constructor(message: string, location: InputLocation = {}, options?: { cause?: unknown }) {
    super(formatLocated(message, location), options);
    this.file = location.file;
    this.line = location.line;
  }
}

/** Bad configuration: missing key file, unknown option value, unreadable warehouse. */
export class ConfigError extends BuzonError {}

/** Wrong command-line usage; exits 2 like commander's own usage errors. */
export class UsageError extends BuzonError {
  override readonly exitCode: number = 2;
}

/** A SQL statement failed; carries the SQL and, for models, the model file. */
export class QueryError extends BuzonError {
  readonly sql: string;
  readonly modelFile?: string;
  constructor(message: string, details: { sql: string; modelFile?: string }, options?: { cause?: unknown }) {
    super(details.modelFile ? `${details.modelFile}: ${message}` : message, options);
    this.sql = details.sql;
    this.modelFile = details.modelFile;
  }
}

function formatLocated(message: string, { file, line }: InputLocation): string {
  if (!file) return message;
  return line === undefined ? `${file}: ${message}` : `${file}:${line}: ${message}`;
}

/** Turns any thrown value into the DuckDB-free message a user should see. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
