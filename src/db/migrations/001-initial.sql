-- Spine schema. Raw phone numbers live only in contact_phones; every other table holds sender_key,
-- an HMAC-SHA256 of the E.164 number under the warehouse's secret key (kept outside this file).
CREATE TABLE schema_version (
  version    INTEGER PRIMARY KEY,
  name       VARCHAR NOT NULL,
  applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);

CREATE TABLE settings (
  key   VARCHAR PRIMARY KEY,
  value VARCHAR NOT NULL
);
INSERT INTO settings VALUES ('k_anonymity', '10'), ('default_tz', 'America/Mexico_City');

CREATE SEQUENCE import_batch_seq START 1;
CREATE TABLE import_batches (
  batch_id    INTEGER PRIMARY KEY,
  file        VARCHAR NOT NULL,
  sha256      VARCHAR NOT NULL,
  format      VARCHAR NOT NULL,
  kind        VARCHAR NOT NULL,          -- messages | contacts
  rows_read   BIGINT NOT NULL DEFAULT 0, -- data rows in the file (messages + system_rows + duplicates + rejects)
  messages    BIGINT NOT NULL DEFAULT 0,
  system_rows BIGINT NOT NULL DEFAULT 0,
  duplicates  BIGINT NOT NULL DEFAULT 0,
  rejects     BIGINT NOT NULL DEFAULT 0,
  started_at  TIMESTAMPTZ NOT NULL,
  finished_at TIMESTAMPTZ
);

CREATE TABLE messages (
  message_id      VARCHAR NOT NULL,  -- provider id, or 'h:' + hash of sender, minute and text
  content_key     VARCHAR NOT NULL,  -- hash of sender, minute and text: finds one message seen through two exports
  sender_key      VARCHAR NOT NULL,
  sender_name     VARCHAR,
  sender_resolved BOOLEAN NOT NULL DEFAULT true, -- false: a chat-export name with no known number
  sent_at         TIMESTAMPTZ NOT NULL,          -- the instant; shown in UTC
  direction       VARCHAR NOT NULL,              -- in | out
  body            VARCHAR,
  media           VARCHAR,                       -- NULL or image | audio | video | document | sticker | location | contacts | other
  batch_id        INTEGER NOT NULL,
  source_file     VARCHAR NOT NULL,
  source_line     BIGINT,
  extra           JSON                            -- columns of the input the schema does not know
);

CREATE TABLE system_rows (
  batch_id    INTEGER NOT NULL,
  source_file VARCHAR NOT NULL,
  source_line BIGINT,
  sent_at     TIMESTAMPTZ,
  kind        VARCHAR NOT NULL,
  text        VARCHAR
);

CREATE TABLE rejects (
  batch_id    INTEGER NOT NULL,
  source_file VARCHAR NOT NULL,
  source_line BIGINT,
  raw         VARCHAR,   -- the input line with phone-shaped digits masked
  reason      VARCHAR NOT NULL
);

CREATE TABLE contacts (
  sender_key     VARCHAR PRIMARY KEY,
  age            INTEGER,
  birth_year     INTEGER,
  state_declared VARCHAR,
  attributes     JSON,
  batch_id       INTEGER NOT NULL,
  updated_at     TIMESTAMPTZ NOT NULL
);

CREATE TABLE contact_phones (
  sender_key VARCHAR PRIMARY KEY,
  e164       VARCHAR NOT NULL,
  batch_id   INTEGER NOT NULL
);

CREATE TABLE model_runs (
  model       VARCHAR NOT NULL,
  sql_hash    VARCHAR NOT NULL,
  inputs_hash VARCHAR,
  rows        BIGINT,
  ms          DOUBLE,
  built_at    TIMESTAMPTZ NOT NULL
);
