-- description: Inbound messages by issue, sender state and day (the sender's local date) and whether the campaign answered them: answered = an outbound message to the same contact came later; median minutes from the message to that first later reply. A message with two issues counts under both. suppressed = fewer than k distinct senders (settings.k_anonymity).
-- depends: segment_rollup, settings
SELECT
  issue,
  state_code,
  day,
  messages AS inbound,
  answered,
  messages - answered AS unanswered,
  median_minutes_to_reply,
  senders,
  senders < (SELECT coalesce(max(CAST(value AS INTEGER)), 10) FROM settings WHERE key = 'k_anonymity') AS suppressed
FROM segment_rollup
WHERE grouping_set = 'backlog'
