-- description: Inbound messages by issue, sender state and day (in settings.default_tz) with whether the campaign answered: answered = an outbound message to the same contact came later; median minutes from the message to that first later reply. suppressed = fewer than k distinct senders (settings.k_anonymity).
-- depends: message_enrichment, sender_enrichment, settings
WITH inbound AS (
  SELECT
    sender_key, sent_at,
    list_filter(list_distinct(coalesce(issues, [])), i -> i <> 'sin_tema') AS labels
  FROM message_enrichment
  WHERE direction = 'in'
),
outbound AS (
  SELECT sender_key, sent_at FROM message_enrichment WHERE direction = 'out'
),
replied AS (
  SELECT i.sender_key, i.sent_at, i.labels, o.sent_at AS reply_at
  FROM inbound i
  ASOF LEFT JOIN outbound o ON i.sender_key = o.sender_key AND o.sent_at > i.sent_at
),
per_issue AS (
  SELECT
    sender_key, sent_at, reply_at,
    unnest(CASE WHEN len(labels) = 0 THEN ['sin_tema'] ELSE labels END) AS issue
  FROM replied
)
SELECT
  p.issue,
  coalesce(s.state_code, 'desconocido') AS state_code,
  CAST(timezone((SELECT coalesce(max(value), 'America/Mexico_City') FROM settings WHERE key = 'default_tz'), p.sent_at) AS DATE) AS day,
  count(*) AS inbound,
  count(p.reply_at) AS answered,
  count(*) - count(p.reply_at) AS unanswered,
  median(date_diff('second', p.sent_at, p.reply_at) / 60.0) AS median_minutes_to_reply,
  count(DISTINCT p.sender_key) AS senders,
  count(DISTINCT p.sender_key) < (SELECT coalesce(max(CAST(value AS INTEGER)), 10) FROM settings WHERE key = 'k_anonymity') AS suppressed
FROM per_issue p
LEFT JOIN sender_enrichment s USING (sender_key)
GROUP BY ALL
