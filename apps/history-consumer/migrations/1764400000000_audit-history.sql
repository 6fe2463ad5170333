-- Up Migration

-- One row per job or job-execution event, keyed by event id (the inbox: a redelivered event
-- inserts nothing). Rows are immutable, so a rebuild can build a fresh copy and swap it in.
-- The last applied version of a stream is max(stream_version) over its rows (no second table to
-- keep in step, and nothing extra to swap on rebuild).
CREATE TABLE audit_history (
  event_id          uuid PRIMARY KEY,
  stream_id         text NOT NULL,
  stream_version    bigint NOT NULL,
  global_position   bigint NOT NULL,
  event_type        text NOT NULL,
  schema_version    int NOT NULL,
  kind              text NOT NULL,
  job_id            text NOT NULL,
  thing_name        text,
  execution_number  int,
  status            text,
  actor             text,
  occurred_at       timestamptz NOT NULL,
  payload           jsonb NOT NULL,
  UNIQUE (stream_id, stream_version)
);

CREATE INDEX audit_history_thing ON audit_history (thing_name, global_position) WHERE thing_name IS NOT NULL;
CREATE INDEX audit_history_job ON audit_history (job_id, global_position);
CREATE INDEX audit_history_position ON audit_history (global_position);
