-- description: One row per inbound message and issue (a message with two issues has two rows, one with none a 'sin_tema' row), with the sender's state and age band ('desconocido' when unknown) and the sender's local time of week. The base of the segment_* tables.
-- depends: message_enrichment, sender_enrichment
-- materialized: table
WITH labelled AS (
  SELECT
    sender_key, local_weekday, local_hour, day_part, week_part, time_slot,
    list_filter(list_distinct(coalesce(issues, [])), i -> i <> 'sin_tema') AS labels
  FROM message_enrichment
  WHERE direction = 'in'
),
per_issue AS (
  SELECT
    sender_key, local_weekday, local_hour, day_part, week_part, time_slot,
    unnest(CASE WHEN len(labels) = 0 THEN ['sin_tema'] ELSE labels END) AS issue
  FROM labelled
)
SELECT
  p.sender_key,
  p.issue,
  coalesce(s.state_code, 'desconocido') AS state_code,
  coalesce(s.age_band, 'desconocido') AS age_band,
  p.local_weekday,
  p.local_hour,
  p.day_part,
  p.week_part,
  p.time_slot
FROM per_issue p
LEFT JOIN sender_enrichment s USING (sender_key)
