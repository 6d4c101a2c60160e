-- description: Analyst view of segment_cube: counts are NULL where the cell is suppressed (fewer than k distinct senders).
-- materialized: view
-- depends: segment_cube
SELECT
  issue,
  age_band,
  state_code,
  time_slot,
  CASE WHEN suppressed THEN NULL ELSE messages END AS messages,
  CASE WHEN suppressed THEN NULL ELSE senders END AS senders,
  suppressed
FROM segment_cube
