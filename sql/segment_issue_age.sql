-- description: Inbound messages and distinct senders by issue and age band ('desconocido' when unknown); a message with two issues counts under both. suppressed = fewer than k distinct senders (settings.k_anonymity).
-- depends: segment_rollup, settings
SELECT
  issue, age_band,
  messages AS messages,
  senders,
  senders < (SELECT coalesce(max(CAST(value AS INTEGER)), 10) FROM settings WHERE key = 'k_anonymity') AS suppressed
FROM segment_rollup
WHERE grouping_set = 'issue_age'
