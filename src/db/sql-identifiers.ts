/** The one place identifiers are quoted. Values never go through here: they are bound as parameters. */
export function quoteIdent(name: string): string {
  if (name.includes('\0')) throw new Error('identifier contains a NUL byte');
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes a possibly schema-qualified name (`main.messages`). */
export function quoteQualified(name: string): string {
  return name.split('.').map(quoteIdent).join('.');
}

/** A string literal, for the few DuckDB statements that take no parameters (PRAGMA, COPY targets). */
export function quoteLiteral(value: string): string {
  if (value.includes('\0')) throw new Error('literal contains a NUL byte');
  return `'${value.replaceAll("'", "''")}'`;
}
