-- description: Analyst view: one row per sender (pseudonymous sender_key only) with profile, state, age band, opt-out and silo.
-- materialized: view
-- depends: contact_profile, sender_enrichment, contacts, audience_members
SELECT
  p.sender_key,
  p.first_seen,
  p.last_seen,
  p.messages_in,
  p.messages_out,
  p.primary_issue,
  p.issue_ranking,
  coalesce(p.state_code, 'desconocido') AS state_code,
  p.state_source,
  p.state_confidence,
  s.country,
  s.time_zone,
  coalesce(p.age_band, 'desconocido') AS age_band,
  p.age_source,
  s.age_confidence,
  p.opted_out,
  s.opted_out_at,
  p.noise_only,
  p.best_day_part,
  p.best_week_part,
  a.silo_key,
  c.state_declared,
  CAST(regexp_replace(CAST(c.attributes AS VARCHAR), '(?:\+?\d{1,3}[ -]?)?\(?\d{2,3}\)?[ -]?\d{3,4}[ -]?(\d{4})', '•••• \1', 'g') AS JSON) AS attributes
FROM contact_profile AS p
LEFT JOIN sender_enrichment AS s ON s.sender_key = p.sender_key
LEFT JOIN contacts AS c ON c.sender_key = p.sender_key
LEFT JOIN audience_members AS a ON a.sender_key = p.sender_key
