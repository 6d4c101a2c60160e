-- Privacy: the audit of `buzon forget` and the link from a rejected row to its sender.

-- One row per person forgotten: their sender key (an HMAC, never the number), who asked the tool to
-- forget them, when, and how many rows went. The number itself is gone from the warehouse.
CREATE SEQUENCE forget_log_seq START 1;
CREATE TABLE forget_log (
  forget_id       INTEGER PRIMARY KEY DEFAULT nextval('forget_log_seq'),
  sender_key      VARCHAR NOT NULL,
  who             VARCHAR NOT NULL,      -- the operating-system user, or --by
  forgotten_at    TIMESTAMPTZ NOT NULL,
  messages        BIGINT NOT NULL,       -- their messages deleted
  contacts        BIGINT NOT NULL,       -- contact rows deleted
  phones          BIGINT NOT NULL,       -- contact_phones rows deleted
  other_rows      BIGINT NOT NULL,       -- enrichment, labels, rejects, profiles, segment membership
  mentions_masked BIGINT NOT NULL,       -- other rows in which their number, typed as text, was masked
  details         JSON NOT NULL          -- rows deleted per table
);

-- A rejected row whose sender could be read keeps its sender key, so `buzon forget` finds it too.
ALTER TABLE rejects ADD COLUMN sender_key VARCHAR;
