-- Up Migration

-- The pending executions of a job, and nothing else. "Is any execution of this job still
-- pending?" runs after every execution that ends (the job-completion probe). With only
-- (job_id, is_latest, status) to go on, the planner's choice hung on the statistics of the moment:
-- analysed while many rows were pending, the probe became a walk betting on an early hit, which
-- read every ended execution ahead of the first pending one.
-- This index holds only pending rows, and it is the only one ordered by queued_at, so the probe
-- (ORDER BY queued_at LIMIT 1) costs one index descent whatever the statistics say. (A plain
-- CREATE INDEX: it holds off writes to the view while it builds.)
CREATE INDEX job_execution_view_job_pending ON job_execution_view (job_id, queued_at)
  WHERE is_latest AND status IN ('QUEUED', 'IN_PROGRESS');

-- Down Migration

DROP INDEX job_execution_view_job_pending;
