-- description: Analyst view: one row per message with its enrichment and its sender's state and age band. No phone column; phone-shaped digits in the text are masked.
-- materialized: view
-- depends: messages, message_enrichment, sender_enrichment
SELECT
  m.message_id,
  m.sender_key,
  m.direction,
  m.sent_at,
  e.local_time,
  strftime(coalesce(e.local_time, timezone('UTC', m.sent_at)), '%Y-%m') AS month,
  e.local_weekday,
  e.local_hour,
  e.day_part,
  e.week_part,
  e.time_slot,
  e.primary_issue,
  e.issues,
  e.issue_source,
  e.noise,
  e.chain_id,
  e.chain_size,
  e.optout_event,
  e.stated_age,
  coalesce(s.state_code, 'desconocido') AS state_code,
  s.state_source,
  s.country,
  coalesce(s.age_band, 'desconocido') AS age_band,
  s.age_source,
  m.media,
  regexp_replace(m.body, '(?:\+?\d{1,3}[ -]?)?\(?\d{2,3}\)?[ -]?\d{3,4}[ -]?(\d{4})', '•••• \1', 'g') AS body,
  m.sender_resolved,
  m.batch_id,
  m.source_line
FROM messages AS m
LEFT JOIN message_enrichment AS e ON e.message_id = m.message_id
LEFT JOIN sender_enrichment AS s ON s.sender_key = m.sender_key
