-- description: Analyst view: one row per imported file with its row accounting (rows read = messages + system rows + duplicates + rejects).
-- materialized: view
-- depends: import_batches
SELECT
  batch_id,
  regexp_replace(file, '(?:\+?\d{1,3}[ -]?)?\(?\d{2,3}\)?[ -]?\d{3,4}[ -]?(\d{4})', '•••• \1', 'g') AS file,
  sha256,
  format,
  kind,
  rows_read,
  messages,
  system_rows,
  duplicates,
  rejects,
  rows_read = messages + system_rows + duplicates + rejects AS accounted,
  started_at,
  finished_at,
  date_diff('millisecond', started_at, finished_at) / 1000.0 AS seconds
FROM import_batches
