-- description: The audience silos with their sizes: reachable contacts by primary issue x state x age band. suppressed = fewer than k contacts (settings.k_anonymity); exports leave suppressed silos out.
-- depends: audience_members, contact_profile, settings
SELECT
  m.silo_key,
  p.primary_issue,
  p.state_code,
  p.age_band,
  count(*) AS contacts,
  count(*) < (SELECT coalesce(max(CAST(value AS INTEGER)), 10) FROM settings WHERE key = 'k_anonymity') AS suppressed
FROM audience_members m
JOIN contact_profile p USING (sender_key)
GROUP BY ALL
