-- description: Analyst view: input rows that did not become messages, with file, line and reason (phone-shaped digits masked).
-- materialized: view
-- depends: rejects, import_batches
SELECT
  r.batch_id,
  b.format,
  b.kind,
  regexp_replace(r.source_file, '(?:\+?\d{1,3}[ -]?)?\(?\d{2,3}\)?[ -]?\d{3,4}[ -]?(\d{4})', '•••• \1', 'g') AS source_file,
  r.source_line,
  r.reason,
  regexp_replace(r.raw, '(?:\+?\d{1,3}[ -]?)?\(?\d{2,3}\)?[ -]?\d{3,4}[ -]?(\d{4})', '•••• \1', 'g') AS raw,
  b.started_at AS imported_at
FROM rejects AS r
LEFT JOIN import_batches AS b ON b.batch_id = r.batch_id
