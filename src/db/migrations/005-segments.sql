-- Segments and audiences: saved segment definitions, the export log, and how each model was built.

-- A named audience filter (the `--where` grammar of `buzon audience export`), reusable by exports and reports.
CREATE TABLE segment_definitions (
  name       VARCHAR PRIMARY KEY,
  where_text VARCHAR NOT NULL,
  created_by VARCHAR NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);

-- Every audience export, whoever ran it: what was asked, how many rows left, and the file's hash.
CREATE SEQUENCE export_log_seq START 1;
CREATE TABLE export_log (
  export_id       INTEGER PRIMARY KEY DEFAULT nextval('export_log_seq'),
  who             VARCHAR NOT NULL,      -- the operating-system user
  exported_at     TIMESTAMPTZ NOT NULL,
  selection       VARCHAR NOT NULL,      -- where | silo | segment | all
  filter_text     VARCHAR,               -- the --where text, the silo key or the segment name
  resolved_filter VARCHAR,               -- the where text actually applied (a segment's definition)
  row_count       BIGINT NOT NULL,
  withheld        BIGINT NOT NULL,       -- contacts left out because their silo is below k
  out_file        VARCHAR,               -- NULL when written to stdout
  sha256          VARCHAR NOT NULL,      -- of the bytes written
  revealed_phones BOOLEAN NOT NULL
);

-- 'full' (the model's SELECT replaced the table) or 'incremental' (only changed rows were merged).
ALTER TABLE model_runs ADD COLUMN mode VARCHAR;

-- Optional cheap fingerprints for `buzon build`: a command that rewrites a table may record a new
-- version here in the same transaction (bumpTableVersion in src/segment/input-fingerprint.ts);
-- the build then compares version and row count instead of hashing the whole table.
CREATE TABLE table_versions (
  table_name VARCHAR PRIMARY KEY,
  version    VARCHAR NOT NULL,
  written_at TIMESTAMPTZ NOT NULL
);
