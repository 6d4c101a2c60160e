-- Issue classification: readers' labels, trained linear models and their weights.
-- A labels file imported twice replaces the earlier labels of the same messages.
CREATE TABLE message_labels (
  message_id  VARCHAR PRIMARY KEY,
  issues      VARCHAR[] NOT NULL,   -- empty: the reader saw no issue (sin_tema)
  source_file VARCHAR NOT NULL,
  source_line BIGINT,
  imported_at TIMESTAMPTZ NOT NULL
);

-- One row per `buzon classify train`; `buzon classify` uses the newest active version.
CREATE TABLE classifier_models (
  version          INTEGER PRIMARY KEY,
  created_at       TIMESTAMPTZ NOT NULL,
  algorithm        VARCHAR NOT NULL,
  taxonomy_version VARCHAR,
  issues           VARCHAR[] NOT NULL,
  params           JSON NOT NULL,      -- features, regularisation, epochs, per-issue thresholds
  metrics          JSON NOT NULL,      -- validation precision / recall / F1 per issue and macro-F1
  training_rows    BIGINT NOT NULL,
  active           BOOLEAN NOT NULL DEFAULT true
);

-- Sparse weights: a feature missing here weighs 0. Feature '__bias__' holds each issue's intercept.
CREATE TABLE classifier_weights (
  version INTEGER NOT NULL,
  feature VARCHAR NOT NULL,   -- 'w:<token>', 'p:<phonetic key>', 'c:<char n-gram>', 'b:<token> <token>'
  issue   VARCHAR NOT NULL,
  weight  DOUBLE NOT NULL
);
