-- description: Analyst view of segment_state_time_of_week: counts are NULL where the cell is suppressed (fewer than k distinct senders).
-- materialized: view
-- depends: segment_state_time_of_week
SELECT
  state_code,
  local_weekday,
  local_hour,
  time_slot,
  CASE WHEN suppressed THEN NULL ELSE messages END AS messages,
  CASE WHEN suppressed THEN NULL ELSE senders END AS senders,
  suppressed
FROM segment_state_time_of_week
