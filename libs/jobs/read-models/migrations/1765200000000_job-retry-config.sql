-- Up Migration

-- DescribeJob returns the job's jobExecutionsRetryConfig, as the AWS model has it. Jobs created
-- before this column existed get it from their JobCreated event (the latest one of the job's
-- stream, should the job id have been reused after a deletion).
ALTER TABLE job_view ADD COLUMN job_executions_retry_config jsonb;

UPDATE job_view v
   SET job_executions_retry_config = created.data -> 'jobExecutionsRetryConfig'
  FROM (SELECT DISTINCT ON (stream_id) stream_id, data
          FROM es_events
         WHERE event_type = 'JobCreated'
         ORDER BY stream_id, stream_version DESC) AS created
 WHERE created.stream_id = 'job/' || v.job_id
   AND created.data ? 'jobExecutionsRetryConfig';

-- Down Migration

ALTER TABLE job_view DROP COLUMN job_executions_retry_config;
