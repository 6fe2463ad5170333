-- Up Migration

-- While a job may still end by its schedulingConfig.endTime, when: the end's durable timer (found
-- through the partial index), cleared once the job ended, was canceled or completed.
ALTER TABLE job_view ADD COLUMN scheduled_end_at timestamptz;
CREATE INDEX job_view_scheduled_end_due ON job_view (scheduled_end_at) WHERE scheduled_end_at IS NOT NULL;

-- Down Migration

DROP INDEX job_view_scheduled_end_due;
ALTER TABLE job_view DROP COLUMN scheduled_end_at;
