/** Status vocabularies of the AWS IoT Jobs API (docs/aws-behaviour.md §4, §7.1, §7.6). */
export const JOB_EXECUTION_STATUSES = ['QUEUED', 'IN_PROGRESS', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'REJECTED', 'REMOVED', 'CANCELED'] as const;

export type JobExecutionStatus = (typeof JOB_EXECUTION_STATUSES)[number];

/** "Pending" is what GetPendingJobExecutions, StartNext and `$next` work on. */
export type PendingJobExecutionStatus = 'QUEUED' | 'IN_PROGRESS';

export type TerminalJobExecutionStatus = Exclude<JobExecutionStatus, PendingJobExecutionStatus>;

export function isTerminalExecutionStatus(status: JobExecutionStatus): status is TerminalJobExecutionStatus {
  return status !== 'QUEUED' && status !== 'IN_PROGRESS';
}

export const TERMINAL_JOB_EXECUTION_STATUSES: readonly TerminalJobExecutionStatus[] = JOB_EXECUTION_STATUSES.filter(isTerminalExecutionStatus);

export function isPendingExecutionStatus(status: JobExecutionStatus): status is PendingJobExecutionStatus {
  return status === 'QUEUED' || status === 'IN_PROGRESS';
}

export const JOB_STATUSES = ['IN_PROGRESS', 'CANCELED', 'COMPLETED', 'DELETION_IN_PROGRESS', 'SCHEDULED'] as const;

export type JobStatus = (typeof JOB_STATUSES)[number];

export type TargetSelection = 'SNAPSHOT' | 'CONTINUOUS';

/** Device-reported name/value pairs of an execution (flat; the control plane nests it on the wire). */
export type StatusDetails = Readonly<Record<string, string>>;

/** Who asked for a change, recorded on every event for the audit trail. */
export type Actor = string;
