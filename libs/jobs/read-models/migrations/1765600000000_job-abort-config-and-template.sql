-- Up Migration

-- DescribeJob returns every configuration the job has: its abortConfig (checked as executions end,
-- replaced by UpdateJob) and the ARN of the template it was created from. Jobs created before these
-- columns existed had neither (CreateJob refused both), so there is nothing to backfill.
ALTER TABLE job_view ADD COLUMN abort_config jsonb;
ALTER TABLE job_view ADD COLUMN job_template_arn text;

-- Down Migration

ALTER TABLE job_view DROP COLUMN job_template_arn;
ALTER TABLE job_view DROP COLUMN abort_config;
