-- Up Migration

-- Current state of every job, updated inline in the append transaction. The job's execution
-- counters are not stored here: they are counted from job_execution_view, so that no single row is
-- locked by every execution update of a big job.
CREATE TABLE job_view (
  job_id            text PRIMARY KEY,
  seq               bigint GENERATED ALWAYS AS IDENTITY UNIQUE, -- creation order, for paging
  stream_version    bigint NOT NULL,
  status            text NOT NULL,
  target_selection  text NOT NULL,
  targets           jsonb NOT NULL,
  document          text,
  document_source   text,
  description       text,
  comment           text,
  reason_code       text,
  force_canceled    boolean NOT NULL DEFAULT false,
  timeout_config    jsonb,
  created_at        timestamptz NOT NULL,
  last_updated_at   timestamptz NOT NULL,
  completed_at      timestamptz
);
CREATE INDEX job_view_status_seq ON job_view (status, seq);

-- Current state of every execution: one row per (job, thing, executionNumber). It doubles as the
-- snapshot of the execution aggregate (stream_version says how far it has folded the stream).
CREATE TABLE job_execution_view (
  job_id            text NOT NULL,
  thing_name        text NOT NULL,
  execution_number  bigint NOT NULL,
  seq               bigint GENERATED ALWAYS AS IDENTITY UNIQUE, -- queueing order
  stream_version    bigint NOT NULL,
  is_latest         boolean NOT NULL,
  thing_arn         text NOT NULL,
  status            text NOT NULL,
  force_canceled    boolean NOT NULL DEFAULT false,
  status_details    jsonb NOT NULL DEFAULT '{}'::jsonb,
  version_number    bigint NOT NULL,
  retry_attempt     integer NOT NULL DEFAULT 0,
  queued_at         timestamptz NOT NULL,
  started_at        timestamptz,
  last_updated_at   timestamptz NOT NULL,
  timeout_at        timestamptz,
  PRIMARY KEY (job_id, thing_name, execution_number)
);
CREATE INDEX job_execution_view_thing ON job_execution_view (thing_name, seq);
CREATE INDEX job_execution_view_job_latest ON job_execution_view (job_id, is_latest, status);
CREATE INDEX job_execution_view_pending ON job_execution_view (thing_name, seq)
  WHERE status IN ('QUEUED', 'IN_PROGRESS');
CREATE INDEX job_execution_view_timeouts ON job_execution_view (timeout_at)
  WHERE timeout_at IS NOT NULL AND status = 'IN_PROGRESS';

-- Down Migration
DROP TABLE job_execution_view;
DROP TABLE job_view;
