/**
 * Current-state views of jobs and executions, as the inline projections store them and the
 * queries return them. Times are JavaScript Dates; the HTTP edge turns them into each plane's wire
 * format (control plane: epoch seconds with fractions; data plane: integer epoch seconds).
 */
export type JobExecutionStatus =
  | 'QUEUED'
  | 'IN_PROGRESS'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'TIMED_OUT'
  | 'REJECTED'
  | 'REMOVED'
  | 'CANCELED';

export type JobStatus = 'IN_PROGRESS' | 'CANCELED' | 'COMPLETED' | 'DELETION_IN_PROGRESS' | 'SCHEDULED';

export interface JobExecutionView {
  jobId: string;
  thingName: string;
  thingArn: string;
  executionNumber: number;
  status: JobExecutionStatus;
  forceCanceled: boolean;
  statusDetails: Record<string, string>;
  versionNumber: number;
  retryAttempt: number;
  queuedAt: Date;
  startedAt?: Date;
  lastUpdatedAt: Date;
  /** Absolute deadline of the in-progress or step timer, when one runs. */
  timeoutAt?: Date;
}

export interface JobProcessDetailsView {
  numberOfCanceledThings: number;
  numberOfSucceededThings: number;
  numberOfFailedThings: number;
  numberOfRejectedThings: number;
  numberOfQueuedThings: number;
  numberOfInProgressThings: number;
  numberOfRemovedThings: number;
  numberOfTimedOutThings: number;
}

export interface JobView {
  jobId: string;
  jobArn: string;
  status: JobStatus;
  targetSelection: 'SNAPSHOT' | 'CONTINUOUS';
  targets: string[];
  description?: string;
  document?: string;
  documentSource?: string;
  comment?: string;
  reasonCode?: string;
  forceCanceled: boolean;
  timeoutConfig?: { inProgressTimeoutInMinutes?: number };
  createdAt: Date;
  lastUpdatedAt: Date;
  completedAt?: Date;
  jobProcessDetails: JobProcessDetailsView;
}

/** Results of the use cases, beyond the plain views. */
export interface JobSummaryResult {
  jobArn: string;
  jobId: string;
  description?: string;
}

/** A page of a list query; without `nextCursor` it is the last one. The edge makes it opaque. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** An execution as the device sees it: the view plus, when asked for, the job document. */
export interface DeviceJobExecution extends JobExecutionView {
  jobDocument?: string;
}

export interface UpdateJobExecutionResult {
  executionState?: { status: JobExecutionStatus; statusDetails: Record<string, string>; versionNumber: number };
  jobDocument?: string;
}
