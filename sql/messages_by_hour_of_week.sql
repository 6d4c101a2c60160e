-- description: Inbound messages by weekday (1 = Monday … 7 = Sunday) and hour, in America/Mexico_City time.
-- depends: messages
SELECT
  isodow(sent_at AT TIME ZONE 'America/Mexico_City') AS weekday,
  hour(sent_at AT TIME ZONE 'America/Mexico_City') AS hour,
  count(*) AS messages,
  count(DISTINCT sender_key) AS senders
FROM messages
WHERE direction = 'in'
GROUP BY ALL
ORDER BY weekday, hour
