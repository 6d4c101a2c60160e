-- description: Inbound messages by issue, sender state and day (the sender's local date) and whether the campaign answered them: answered = an outbound message to the same contact came later; median minutes from the message to that first later reply. A message with two issues counts under both. suppressed = fewer than k distinct senders (settings.k_anonymity).
-- depends: message_enrichment, sender_enrichment, settings
WITH outbound AS (
  SELECT sender_key, sent_at FROM message_enrichment WHERE direction = 'out'
),
inbound AS (
  -- Only contacts the campaign ever wrote to can have an answer: the as-of join skips everyone else.
  SELECT i.*, o.sent_at AS reply_at
  FROM (
    SELECT sender_key, sent_at, local_time, issues FROM message_enrichment
    WHERE direction = 'in' AND sender_key IN (SELECT sender_key FROM outbound)
  ) i
  ASOF LEFT JOIN outbound o ON i.sender_key = o.sender_key AND o.sent_at > i.sent_at
  UNION ALL
  SELECT sender_key, sent_at, local_time, issues, NULL AS reply_at FROM message_enrichment
  WHERE direction = 'in' AND sender_key NOT IN (SELECT sender_key FROM outbound)
),
per_issue AS (
  SELECT
    sender_key,
    CAST(local_time AS DATE) AS day,
    date_diff('second', sent_at, reply_at) / 60.0 AS reply_minutes,
    unnest(CASE WHEN len(issues) = 0 THEN ['sin_tema'] ELSE issues END) AS issue
  FROM inbound
)
SELECT
  p.issue,
  coalesce(s.state_code, 'desconocido') AS state_code,
  p.day,
  count(*) AS inbound,
  count(p.reply_minutes) AS answered,
  count(*) - count(p.reply_minutes) AS unanswered,
  median(p.reply_minutes) AS median_minutes_to_reply,
  count(DISTINCT p.sender_key) AS senders,
  count(DISTINCT p.sender_key) < (SELECT coalesce(max(CAST(value AS INTEGER)), 10) FROM settings WHERE key = 'k_anonymity') AS suppressed
FROM per_issue p
LEFT JOIN sender_enrichment s USING (sender_key)
GROUP BY ALL
