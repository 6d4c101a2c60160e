/**
 * Splits SQL text into statements at top-level semicolons, skipping those inside quotes,
 * comments and dollar-quoted strings. The engine parses each statement itself; this only finds
 * where one ends, so the REPL knows when input is complete and COPY can wrap the last query.
 */
export interface SplitResult {
  /** Complete statements, trimmed, without their semicolon; empty ones dropped. */
  statements: string[];
  /** Text after the last semicolon (an unfinished statement), trimmed; '' when none. */
  rest: string;
  /** Where the unfinished statement starts in the input. */
  restStart: number;
  /** True when the text ends inside a quote, comment or dollar-quoted string. */
  open: boolean;
}

export function splitStatements(sql: string): SplitResult {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  let open = false;
  const push = (end: number) => {
    const text = sql.slice(start, end).trim();
    if (hasCode(text)) statements.push(text);
  };
  while (i < sql.length) {
    const ch = sql[i]!;
    const next = sql[i + 1];
    if (ch === "'" || ch === '"') {
      const end = closingQuote(sql, i + 1, ch);
      if (end < 0) { open = true; break; }
      i = end + 1;
    } else if (ch === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end + 1;
    } else if (ch === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) { open = true; break; }
      i = end + 2;
    } else if (ch === '$' && dollarTag(sql, i) !== undefined) {
      const tag = dollarTag(sql, i)!;
      const end = sql.indexOf(tag, i + tag.length);
      if (end < 0) { open = true; break; }
      i = end + tag.length;
    } else if (ch === ';') {
      push(i);
      start = i + 1;
      i += 1;
    } else {
      i += 1;
    }
  }
  const rest = sql.slice(start).trim();
  return { statements, rest: hasCode(rest) || open ? rest : '', restStart: start, open };
}

/** Every statement of a script, the unfinished tail counting as the last one. */
export function scriptStatements(sql: string): string[] {
  const { statements, rest } = splitStatements(sql);
  return rest ? [...statements, rest] : statements;
}

/** Whether text holds something besides whitespace and comments. */
export function hasCode(text: string): boolean {
  return text.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '').trim().length > 0;
}

/** Index of the closing quote (a doubled quote is an escaped one), or -1. */
function closingQuote(sql: string, from: number, quote: string): number {
  let i = from;
  while (i < sql.length) {
    const end = sql.indexOf(quote, i);
    if (end < 0) return -1;
    if (sql[end + 1] === quote) { i = end + 2; continue; }
    return end;
  }
  return -1;
}

/** `$$` or `$tag$` opening a dollar-quoted string at i; a `$name` parameter is not one. */
function dollarTag(sql: string, i: number): string | undefined {
  const match = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
  return match ? match[0] : undefined;
}
