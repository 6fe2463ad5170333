import type { JobExecutionStatus, JobExecutionView, JobProcessDetailsView, JobStatus, JobView } from '#jobs/application';
import {
  counterForStatus,
  jobProcessDetails,
  type AbortConfig,
  type JobExecutionsRetryConfig,
  type JobExecutionsRolloutConfig,
  type SchedulingConfig,
} from '#jobs/domain';

/** Column lists and row → view conversions, kept beside each other so they cannot drift. */
export const EXECUTION_COLUMNS = `job_id, thing_name, execution_number, seq, thing_arn, status, force_canceled,
  status_details, version_number, retry_attempt, queued_at, started_at, last_updated_at, timeout_at`;

/**
 * `is_concurrent`: job-wide work is under way. A deletion always is until the job is gone; a cancel
 * is while some execution it cancels (QUEUED, or IN_PROGRESS after a force cancel) is not yet
 * CANCELED. Derived, not stored: the partial index of pending executions answers it in one probe.
 */
export const JOB_COLUMNS = `job_id, seq, status, target_selection, targets, document, document_source, description,
  comment, reason_code, force_canceled, timeout_config, job_executions_retry_config, abort_config, job_template_arn, created_at, last_updated_at, completed_at,
  job_executions_rollout_config, scheduling_config, processing_targets, (processing_targets IS NOT NULL OR status = 'DELETION_IN_PROGRESS' OR (status = 'CANCELED' AND EXISTS (
     SELECT 1 FROM job_execution_view e WHERE e.job_id = job_view.job_id AND e.is_latest
        AND (e.status = 'QUEUED' OR (job_view.force_canceled AND e.status = 'IN_PROGRESS'))))) AS is_concurrent`;

export interface ExecutionRow {
  job_id: string;
  thing_name: string;
  execution_number: string;
  seq: string;
  thing_arn: string;
  status: string;
  force_canceled: boolean;
  status_details: Record<string, string>;
  version_number: string;
  retry_attempt: number;
  queued_at: Date;
  started_at: Date | null;
  last_updated_at: Date;
  timeout_at: Date | null;
}

export interface JobRow {
  job_id: string;
  seq: string;
  status: string;
  target_selection: string;
  targets: string[];
  processing_targets: string[] | null;
  document: string | null;
  document_source: string | null;
  description: string | null;
  comment: string | null;
  reason_code: string | null;
  force_canceled: boolean;
  timeout_config: { inProgressTimeoutInMinutes?: number } | null;
  job_executions_retry_config: JobExecutionsRetryConfig | null;
  abort_config: AbortConfig | null;
  job_executions_rollout_config: JobExecutionsRolloutConfig | null;
  scheduling_config: SchedulingConfig | null;
  job_template_arn: string | null;
  created_at: Date;
  last_updated_at: Date;
  completed_at: Date | null;
  is_concurrent: boolean;
}

export function toExecutionView(row: ExecutionRow): JobExecutionView {
  return {
    jobId: row.job_id,
    thingName: row.thing_name,
    thingArn: row.thing_arn,
    executionNumber: Number(row.execution_number),
    status: row.status as JobExecutionStatus,
    forceCanceled: row.force_canceled,
    statusDetails: row.status_details ?? {},
    versionNumber: Number(row.version_number),
    retryAttempt: row.retry_attempt,
    queuedAt: row.queued_at,
    ...(row.started_at ? { startedAt: row.started_at } : {}),
    lastUpdatedAt: row.last_updated_at,
    ...(row.timeout_at ? { timeoutAt: row.timeout_at } : {}),
  };
}

export function toJobView(row: JobRow, jobArn: string, jobProcessDetails: JobProcessDetailsView): JobView {
  return {
    jobId: row.job_id,
    jobArn,
    status: row.status as JobStatus,
    targetSelection: row.target_selection as JobView['targetSelection'],
    targets: row.targets,
    ...(row.document !== null ? { document: row.document } : {}),
    ...(row.document_source !== null ? { documentSource: row.document_source } : {}),
    ...(row.description !== null ? { description: row.description } : {}),
    ...(row.comment !== null ? { comment: row.comment } : {}),
    ...(row.reason_code !== null ? { reasonCode: row.reason_code } : {}),
    forceCanceled: row.force_canceled,
    isConcurrent: row.is_concurrent,
    ...(row.timeout_config ? { timeoutConfig: row.timeout_config } : {}),
    ...(row.job_executions_retry_config ? { jobExecutionsRetryConfig: row.job_executions_retry_config } : {}),
    ...(row.abort_config ? { abortConfig: row.abort_config } : {}),
    ...(row.job_executions_rollout_config ? { jobExecutionsRolloutConfig: row.job_executions_rollout_config } : {}),
    ...(row.scheduling_config ? { schedulingConfig: row.scheduling_config } : {}),
    ...(row.job_template_arn !== null ? { jobTemplateArn: row.job_template_arn } : {}),
    createdAt: row.created_at,
    lastUpdatedAt: row.last_updated_at,
    ...(row.completed_at ? { completedAt: row.completed_at } : {}),
    jobProcessDetails: { ...jobProcessDetails, ...(row.processing_targets ? { processingTargets: row.processing_targets } : {}) },
  };
}

/** Counts per status, as SQL returned them, into the domain's counters. */
export function toProcessDetails(counts: Array<{ status: string; count: string }>): JobProcessDetailsView {
  const details = jobProcessDetails([]);
  for (const { status, count } of counts) details[counterForStatus(status as JobExecutionStatus)] = Number(count);
  return details;
}
