-- Up Migration

-- Job templates as DescribeJobTemplate and ListJobTemplates show them, kept by the inline
-- projection from the job-template streams. A deleted template's row is deleted: its id is free.
CREATE TABLE job_template_view (
  job_template_id              text PRIMARY KEY,
  seq                          bigint GENERATED ALWAYS AS IDENTITY UNIQUE, -- creation order, for paging
  stream_version               bigint NOT NULL,
  description                  text NOT NULL,
  document                     text NOT NULL,
  timeout_config               jsonb,
  job_executions_retry_config  jsonb,
  abort_config                 jsonb,
  created_at                   timestamptz NOT NULL
);

-- Down Migration

DROP TABLE job_template_view;
