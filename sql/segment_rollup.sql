-- description: Every segment's counts in one pass over the inbound messages (GROUPING SETS), one row per cell, named by grouping_set: issue_state, issue_age, issue_time_of_week, cube, state_time_of_week, backlog. A message with two issues counts under both (messages); messages_once counts it once. State and age band are the sender's ('desconocido' when unknown); times are the sender's local time; answered = an outbound message to the same contact came later. The segment_* tables and response_backlog select from here and add the small-cell flag.
-- depends: message_enrichment, sender_enrichment
WITH outbound AS (
  SELECT sender_key, sent_at FROM message_enrichment WHERE direction = 'out'
),
inbound AS (
  -- Only contacts the campaign ever wrote to can have an answer: the as-of join skips everyone else.
  SELECT i.*, o.sent_at AS reply_at
  FROM (
    SELECT sender_key, sent_at, local_time, local_weekday, local_hour, time_slot, issues FROM message_enrichment
    WHERE direction = 'in' AND sender_key IN (SELECT sender_key FROM outbound)
  ) i
  ASOF LEFT JOIN outbound o ON i.sender_key = o.sender_key AND o.sent_at > i.sent_at
  UNION ALL
  SELECT sender_key, sent_at, local_time, local_weekday, local_hour, time_slot, issues, NULL AS reply_at FROM message_enrichment
  WHERE direction = 'in' AND sender_key NOT IN (SELECT sender_key FROM outbound)
),
per_issue AS (
  -- issues holds distinct labels and is empty when there is none (the enrichment contract).
  SELECT
    sender_key, sent_at, local_time, local_weekday, local_hour, time_slot, reply_at,
    unnest(CASE WHEN len(issues) = 0 THEN ['sin_tema'] ELSE issues END) AS issue,
    unnest(CASE WHEN len(issues) = 0 THEN [1] ELSE range(1, len(issues) + 1) END) AS label_no
  FROM inbound
),
facts AS (
  SELECT
    p.*,
    CAST(p.local_time AS DATE) AS day,
    coalesce(s.state_code, 'desconocido') AS state_code,
    coalesce(s.age_band, 'desconocido') AS age_band
  FROM per_issue p
  LEFT JOIN sender_enrichment s USING (sender_key)
)
SELECT
  CASE grouping_id(issue, state_code, age_band, local_weekday, local_hour, time_slot, day)
    WHEN 31 THEN 'issue_state'
    WHEN 47 THEN 'issue_age'
    WHEN 49 THEN 'issue_time_of_week'
    WHEN 13 THEN 'cube'
    WHEN 81 THEN 'state_time_of_week'
    WHEN 30 THEN 'backlog'
  END AS grouping_set,
  issue, state_code, age_band, local_weekday, local_hour, time_slot, day,
  count(*) AS messages,
  count(*) FILTER (WHERE label_no = 1) AS messages_once,
  count(DISTINCT sender_key) AS senders,
  count(reply_at) AS answered,
  median(date_diff('second', sent_at, reply_at) / 60.0) AS median_minutes_to_reply
FROM facts
GROUP BY GROUPING SETS (
  (issue, state_code),
  (issue, age_band),
  (issue, local_weekday, local_hour, time_slot),
  (issue, age_band, state_code, time_slot),
  (state_code, local_weekday, local_hour, time_slot),
  (issue, state_code, day)
)
