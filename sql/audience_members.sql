-- description: Every reachable contact (wrote at least once, not opted out, not noise-only) in exactly one silo: primary issue x state x age band, keyed 'issue:state:age_band' (e.g. seguridad:MX-NLE:25-34).
-- depends: contact_profile
SELECT
  sender_key,
  primary_issue || ':' || state_code || ':' || age_band AS silo_key
FROM contact_profile
WHERE messages_in > 0 AND NOT opted_out AND NOT noise_only
