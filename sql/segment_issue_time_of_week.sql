-- description: Inbound messages and distinct senders by issue and the sender's local weekday (1 = Monday), hour and time-of-week slot; a message with two issues counts under both. suppressed = fewer than k distinct senders (settings.k_anonymity).
-- depends: inbound_message_facts, settings
SELECT
  issue, local_weekday, local_hour, time_slot,
  count(*) AS messages,
  count(DISTINCT sender_key) AS senders,
  count(DISTINCT sender_key) < (SELECT coalesce(max(CAST(value AS INTEGER)), 10) FROM settings WHERE key = 'k_anonymity') AS suppressed
FROM inbound_message_facts
GROUP BY issue, local_weekday, local_hour, time_slot
