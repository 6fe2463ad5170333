-- Up Migration

-- A job's jobExecutionsRolloutConfig (DescribeJob shows it) and its paced rollout's durable timer:
-- when the next target may be notified. The rollout timer finds due jobs through the partial index.
ALTER TABLE job_view ADD COLUMN job_executions_rollout_config jsonb;
ALTER TABLE job_view ADD COLUMN rollout_next_at timestamptz;
CREATE INDEX job_view_rollout_due ON job_view (rollout_next_at) WHERE rollout_next_at IS NOT NULL;

-- Down Migration

DROP INDEX job_view_rollout_due;
ALTER TABLE job_view DROP COLUMN rollout_next_at;
ALTER TABLE job_view DROP COLUMN job_executions_rollout_config;
