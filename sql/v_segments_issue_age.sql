-- description: Analyst view of segment_issue_age: counts are NULL where the cell is suppressed (fewer than k distinct senders).
-- materialized: view
-- depends: segment_issue_age
SELECT
  issue,
  age_band,
  CASE WHEN suppressed THEN NULL ELSE messages END AS messages,
  CASE WHEN suppressed THEN NULL ELSE senders END AS senders,
  suppressed
FROM segment_issue_age
