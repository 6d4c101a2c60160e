/** What `buzon query --format` writes (kept apart from the writers so the CLI can list them without loading DuckDB). */
export const OUTPUT_FORMATS = ['table', 'csv', 'json', 'ndjson', 'parquet', 'arrow'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
