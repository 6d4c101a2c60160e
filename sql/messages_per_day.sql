-- description: Messages and distinct senders per local day (America/Mexico_City) and direction.
-- depends: messages
SELECT
  CAST(sent_at AT TIME ZONE 'America/Mexico_City' AS DATE) AS day,
  direction,
  count(*) AS messages,
  count(DISTINCT sender_key) AS senders
FROM messages
GROUP BY ALL
ORDER BY day, direction
