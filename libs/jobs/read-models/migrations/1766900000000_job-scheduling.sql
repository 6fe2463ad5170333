-- Up Migration

-- A job's schedulingConfig as the caller wrote it (DescribeJob echoes it) and, while the job is
-- SCHEDULED, when it starts: the schedule's durable timer, found through the partial index.
ALTER TABLE job_view ADD COLUMN scheduling_config jsonb;
ALTER TABLE job_view ADD COLUMN scheduled_start_at timestamptz;
CREATE INDEX job_view_scheduled_start_due ON job_view (scheduled_start_at) WHERE scheduled_start_at IS NOT NULL;

-- Down Migration

DROP INDEX job_view_scheduled_start_due;
ALTER TABLE job_view DROP COLUMN scheduled_start_at;
ALTER TABLE job_view DROP COLUMN scheduling_config;
