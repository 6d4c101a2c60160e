-- description: Inbound messages and distinct senders by sender state ('desconocido' when unknown) and the sender's local weekday (1 = Monday), hour and time-of-week slot; each message counts once. suppressed = fewer than k distinct senders (settings.k_anonymity).
-- depends: segment_rollup, settings
SELECT
  state_code, local_weekday, local_hour, time_slot,
  messages_once AS messages,
  senders,
  senders < (SELECT coalesce(max(CAST(value AS INTEGER)), 10) FROM settings WHERE key = 'k_anonymity') AS suppressed
FROM segment_rollup
WHERE grouping_set = 'state_time_of_week'
