-- description: One row per sender key: first and last inbound message (any message when none came in), messages in and out, primary issue and the ranked issues with their share of the contact's issue labels, state and age band with source ('desconocido' when unknown), opt-out, noise_only (every inbound message is noise), and the best send window: the local day part and week part in which the contact wrote most (ties: the more recent).
-- depends: message_enrichment, sender_enrichment
WITH slots AS (
  -- One pass over the messages; everything per contact is derived from these few rows per contact.
  SELECT
    sender_key, direction, week_part, day_part,
    count(*) AS n,
    count(*) FILTER (WHERE noise IS NULL) AS not_noise,
    min(sent_at) AS first_at,
    max(sent_at) AS last_at
  FROM message_enrichment
  GROUP BY sender_key, direction, week_part, day_part
),
activity AS (
  SELECT
    sender_key,
    coalesce(min(first_at) FILTER (WHERE direction = 'in'), min(first_at)) AS first_seen,
    coalesce(max(last_at) FILTER (WHERE direction = 'in'), max(last_at)) AS last_seen,
    coalesce(sum(n) FILTER (WHERE direction = 'in'), 0) AS messages_in,
    coalesce(sum(n) FILTER (WHERE direction = 'out'), 0) AS messages_out,
    coalesce(sum(not_noise) FILTER (WHERE direction = 'in') = 0, false) AS noise_only,
    arg_max({'day_part': day_part, 'week_part': week_part}, (n, last_at, week_part, day_part))
      FILTER (WHERE direction = 'in' AND day_part IS NOT NULL) AS best_window
  FROM slots
  GROUP BY sender_key
),
issue_counts AS (
  SELECT sender_key, issue, count(*) AS labelled, count(*) FILTER (WHERE primary_issue = issue) AS as_primary, max(sent_at) AS latest
  FROM (
    SELECT sender_key, primary_issue, sent_at, unnest(list_distinct(issues)) AS issue
    FROM message_enrichment
    WHERE direction = 'in' AND len(issues) > 0
  )
  WHERE issue <> 'sin_tema'
  GROUP BY sender_key, issue
),
ranking AS (
  -- Most labels first; ties go to the issue that was more often the message's primary one, then the
  -- latest, then the name (list_sort on a struct sorts field by field: far cheaper than list(... ORDER BY)).
  SELECT
    sender_key,
    sum(labelled) AS labels,
    list_sort(list({'by_labels': -labelled, 'by_primary': -as_primary, 'by_latest': -epoch_us(latest), 'issue': issue, 'labelled': labelled})) AS ranked
  FROM issue_counts
  GROUP BY sender_key
)
SELECT
  a.sender_key,
  a.first_seen,
  a.last_seen,
  a.messages_in,
  a.messages_out,
  coalesce(r.ranked[1].issue, 'sin_tema') AS primary_issue,
  coalesce(list_transform(r.ranked, x -> {'issue': x.issue, 'share': x.labelled / r.labels}), []) AS issue_ranking,
  coalesce(s.state_code, 'desconocido') AS state_code,
  s.state_source,
  s.state_confidence,
  coalesce(s.age_band, 'desconocido') AS age_band,
  s.age_source,
  coalesce(s.opted_out, false) AS opted_out,
  a.noise_only,
  a.best_window.day_part AS best_day_part,
  a.best_window.week_part AS best_week_part
FROM activity a
LEFT JOIN ranking r USING (sender_key)
LEFT JOIN sender_enrichment s USING (sender_key)
