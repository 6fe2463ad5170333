-- Up Migration

-- At most one snapshot per stream: the state of a fold of the stream's first `stream_version`
-- events, encoded by whoever folds it. `schema_version` is that encoding's version: readers ask for
-- the version they understand and fold from the first event when the stored one differs.
CREATE TABLE es_snapshots (
  stream_id       text PRIMARY KEY,
  stream_version  bigint NOT NULL,
  schema_version  integer NOT NULL,
  state           jsonb NOT NULL,
  taken_at        timestamptz NOT NULL DEFAULT now()
);

-- Down Migration

DROP TABLE es_snapshots;
