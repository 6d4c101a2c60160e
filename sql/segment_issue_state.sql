-- description: Inbound messages and distinct senders by issue and sender state ('desconocido' when unknown); a message with two issues counts under both. suppressed = fewer than k distinct senders (settings.k_anonymity).
-- depends: inbound_message_facts, settings
SELECT
  issue, state_code,
  count(*) AS messages,
  count(DISTINCT sender_key) AS senders,
  count(DISTINCT sender_key) < (SELECT coalesce(max(CAST(value AS INTEGER)), 10) FROM settings WHERE key = 'k_anonymity') AS suppressed
FROM inbound_message_facts
GROUP BY issue, state_code
