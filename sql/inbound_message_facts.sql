-- description: One row per inbound message and issue (a message with two issues has two rows, label_no 1 and 2; one with none a single 'sin_tema' row), with the sender's state and age band ('desconocido' when unknown) and the sender's local weekday, hour and time-of-week slot. The base of the segment_* tables.
-- depends: message_enrichment, sender_enrichment
SELECT
  p.sender_key,
  p.issue,
  p.label_no,
  coalesce(s.state_code, 'desconocido') AS state_code,
  coalesce(s.age_band, 'desconocido') AS age_band,
  p.local_weekday,
  p.local_hour,
  p.time_slot
FROM (
  -- issues holds distinct labels and is empty when there is none (the enrichment contract).
  SELECT
    sender_key, local_weekday, local_hour, time_slot,
    unnest(CASE WHEN len(issues) = 0 THEN ['sin_tema'] ELSE issues END) AS issue,
    unnest(CASE WHEN len(issues) = 0 THEN [1] ELSE range(1, len(issues) + 1) END) AS label_no
  FROM message_enrichment
  WHERE direction = 'in'
) p
LEFT JOIN sender_enrichment s USING (sender_key)
