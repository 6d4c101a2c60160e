-- description: One row per sender key: first and last inbound message (any message when none came in), messages in and out, primary issue and the ranked issues with their share of the contact's issue labels, state and age band with source ('desconocido' when unknown), opt-out, noise_only (every inbound message is noise), and the best send window: the local day part and week part in which the contact wrote most (ties: the more recent).
-- depends: message_enrichment, sender_enrichment
WITH slots AS (
  -- One pass over the messages; everything per contact but the issues is derived from these few rows.
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
    -- Most messages, then the most recent (n * 2^34 + epoch seconds: one BIGINT, cheaper than a tuple).
    arg_max(week_part || '|' || day_part, n * 17179869184 + CAST(epoch(last_at) AS BIGINT))
      FILTER (WHERE direction = 'in' AND day_part IS NOT NULL) AS best_window
  FROM slots
  GROUP BY sender_key
),
issue_counts AS (
  SELECT sender_key, issue, count(*) AS labelled, count(*) FILTER (WHERE primary_issue = issue) AS as_primary, max(sent_at) AS latest
  FROM (
    SELECT sender_key, primary_issue, sent_at, unnest(issues) AS issue
    FROM message_enrichment
    WHERE direction = 'in' AND len(issues) > 0  -- issues: distinct labels (the enrichment contract)
  )
  WHERE issue <> 'sin_tema'
  GROUP BY sender_key, issue
),
names AS (SELECT list(DISTINCT issue ORDER BY issue) AS issues FROM issue_counts),
ranking AS (
  -- Order: most labels, then most often the message's primary issue, then the most recent, then the
  -- name. Packed into one HUGEINT per issue (labels << 100 | as_primary << 70 | epoch << 20 | name
  -- rank) and sorted as plain numbers: half the time of sorting structs; decoded below.
  SELECT
    sender_key,
    sum(labelled) AS labels,
    list_reverse_sort(list(
      (CAST(labelled AS HUGEINT) << 100) | (CAST(as_primary AS HUGEINT) << 70)
      | (CAST(epoch(latest) AS HUGEINT) << 20) | CAST(1048575 - list_position(n.issues, issue) AS HUGEINT))) AS ranked
  FROM issue_counts, names n
  GROUP BY sender_key
)
SELECT
  a.sender_key,
  a.first_seen,
  a.last_seen,
  a.messages_in,
  a.messages_out,
  coalesce(n.issues[1048575 - CAST(r.ranked[1] & 1048575 AS INTEGER)], 'sin_tema') AS primary_issue,
  coalesce(list_transform(r.ranked, k -> {'issue': n.issues[1048575 - CAST(k & 1048575 AS INTEGER)], 'share': CAST(k >> 100 AS DOUBLE) / r.labels}), []) AS issue_ranking,
  coalesce(s.state_code, 'desconocido') AS state_code,
  s.state_source,
  s.state_confidence,
  coalesce(s.age_band, 'desconocido') AS age_band,
  s.age_source,
  coalesce(s.opted_out, false) AS opted_out,
  a.noise_only,
  split_part(a.best_window, '|', 2) AS best_day_part,
  split_part(a.best_window, '|', 1) AS best_week_part
FROM activity a
CROSS JOIN names n
LEFT JOIN ranking r USING (sender_key)
LEFT JOIN sender_enrichment s USING (sender_key)
