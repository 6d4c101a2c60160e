-- description: Inbound messages and distinct senders by sender state ('desconocido' when unknown) and the sender's local weekday (1 = Monday), hour and time-of-week slot; each message counts once. suppressed = fewer than k distinct senders (settings.k_anonymity).
-- depends: message_enrichment, sender_enrichment, settings
SELECT
  coalesce(s.state_code, 'desconocido') AS state_code,
  m.local_weekday,
  m.local_hour,
  m.time_slot,
  count(*) AS messages,
  count(DISTINCT m.sender_key) AS senders,
  count(DISTINCT m.sender_key) < (SELECT coalesce(max(CAST(value AS INTEGER)), 10) FROM settings WHERE key = 'k_anonymity') AS suppressed
FROM message_enrichment m
LEFT JOIN sender_enrichment s USING (sender_key)
WHERE m.direction = 'in'
GROUP BY ALL
