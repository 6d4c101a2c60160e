-- description: Analyst view of audience_silos: reachable contacts per silo (primary issue x state x age band); contacts is NULL where the silo is suppressed.
-- materialized: view
-- depends: audience_silos
SELECT
  silo_key,
  primary_issue,
  state_code,
  age_band,
  CASE WHEN suppressed THEN NULL ELSE contacts END AS contacts,
  suppressed
FROM audience_silos
