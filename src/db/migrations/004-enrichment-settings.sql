-- Enrichment settings analysts may change (UPDATE settings SET value = ... WHERE key = ...), then re-run `buzon enrich`.
--   age_bands          comma-separated bands, each 'lo-hi' or 'lo+', in order
--   chain_min_senders  distinct senders a near-duplicate text needs before it counts as a chain message
--   chain_min_words    words a text needs before it can be a chain message
--   home_country       the folder under data/ with the country's states, aliases, area codes and time zones
INSERT INTO settings (key, value) VALUES
  ('age_bands', '18-24,25-34,35-44,45-54,55-64,65+'),
  ('chain_min_senders', '3'),
  ('chain_min_words', '20'),
  ('home_country', 'mx')
ON CONFLICT (key) DO NOTHING;
