-- description: One row per sender key: first and last inbound message (any message when none came in), messages in and out, primary issue and the ranked issues with their share of the contact's issue labels, state and age band with source ('desconocido' when unknown), opt-out, noise_only (every inbound message is noise), and the best send window: the local day part and week part in which the contact wrote most.
-- depends: message_enrichment, sender_enrichment
WITH msgs AS (
  SELECT sender_key, direction, sent_at, primary_issue, issues, noise, day_part, week_part
  FROM message_enrichment
),
activity AS (
  SELECT
    sender_key,
    coalesce(min(sent_at) FILTER (WHERE direction = 'in'), min(sent_at)) AS first_seen,
    coalesce(max(sent_at) FILTER (WHERE direction = 'in'), max(sent_at)) AS last_seen,
    count(*) FILTER (WHERE direction = 'in') AS messages_in,
    count(*) FILTER (WHERE direction = 'out') AS messages_out,
    coalesce(bool_and(noise IS NOT NULL) FILTER (WHERE direction = 'in'), false) AS noise_only
  FROM msgs
  GROUP BY sender_key
),
issue_counts AS (
  SELECT sender_key, issue, count(*) AS labelled, count(*) FILTER (WHERE primary_issue = issue) AS as_primary, max(sent_at) AS latest
  FROM (
    SELECT sender_key, primary_issue, sent_at, unnest(list_distinct(issues)) AS issue
    FROM msgs
    WHERE direction = 'in' AND len(issues) > 0
  )
  WHERE issue <> 'sin_tema'
  GROUP BY sender_key, issue
),
ranking AS (
  SELECT
    sender_key,
    list({'issue': issue, 'share': labelled / total} ORDER BY labelled DESC, as_primary DESC, latest DESC, issue) AS issue_ranking
  FROM (SELECT *, sum(labelled) OVER (PARTITION BY sender_key) AS total FROM issue_counts)
  GROUP BY sender_key
),
windows AS (
  SELECT sender_key, day_part, week_part, count(*) AS n, max(sent_at) AS latest
  FROM msgs
  WHERE direction = 'in' AND day_part IS NOT NULL
  GROUP BY ALL
),
best_window AS (
  SELECT sender_key, day_part AS best_day_part, week_part AS best_week_part
  FROM windows
  QUALIFY row_number() OVER (PARTITION BY sender_key ORDER BY n DESC, latest DESC, week_part, day_part) = 1
)
SELECT
  a.sender_key,
  a.first_seen,
  a.last_seen,
  a.messages_in,
  a.messages_out,
  coalesce(r.issue_ranking[1].issue, 'sin_tema') AS primary_issue,
  coalesce(r.issue_ranking, []) AS issue_ranking,
  coalesce(s.state_code, 'desconocido') AS state_code,
  s.state_source,
  s.state_confidence,
  coalesce(s.age_band, 'desconocido') AS age_band,
  s.age_source,
  coalesce(s.opted_out, false) AS opted_out,
  a.noise_only,
  w.best_day_part,
  w.best_week_part
FROM activity a
LEFT JOIN ranking r USING (sender_key)
LEFT JOIN sender_enrichment s USING (sender_key)
LEFT JOIN best_window w USING (sender_key)
