-- description: Inbound messages and distinct senders by sender state ('desconocido' when unknown) and the sender's local weekday (1 = Monday), hour and time-of-week slot; each message counts once. suppressed = fewer than k distinct senders (settings.k_anonymity).
-- depends: inbound_message_facts, settings
SELECT
  state_code, local_weekday, local_hour, time_slot,
  count(*) FILTER (WHERE label_no = 1) AS messages,
  count(DISTINCT sender_key) AS senders,
  count(DISTINCT sender_key) < (SELECT coalesce(max(CAST(value AS INTEGER)), 10) FROM settings WHERE key = 'k_anonymity') AS suppressed
FROM inbound_message_facts
GROUP BY state_code, local_weekday, local_hour, time_slot
