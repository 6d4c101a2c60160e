-- description: The full cube: inbound messages and distinct senders by issue, age band, state and time-of-week slot (weekday|weekend x madrugada|manana|tarde|noche); a message with two issues counts under both. suppressed = fewer than k distinct senders (settings.k_anonymity).
-- depends: inbound_message_facts, settings
SELECT
  issue, age_band, state_code, time_slot,
  count(*) AS messages,
  count(DISTINCT sender_key) AS senders,
  count(DISTINCT sender_key) < (SELECT coalesce(max(CAST(value AS INTEGER)), 10) FROM settings WHERE key = 'k_anonymity') AS suppressed
FROM inbound_message_facts
GROUP BY issue, age_band, state_code, time_slot
