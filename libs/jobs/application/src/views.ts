/**
 * Current-state views of jobs and executions, as the inline projections store them and the
 * queries return them. Times are JavaScript Dates; the HTTP edge turns them into each plane's wire
 * format (control plane: epoch seconds with fractions; data plane: integer epoch seconds).
 */
import type {
  AbortConfig,
  JobExecutionsRetryConfig,
  JobExecutionsRolloutConfig,
  JobExecutionStatus,
  JobProcessDetails,
  JobStatus,
  MaintenanceWindow,
  SchedulingConfig,
} from '#jobs/domain';

// The status vocabularies and the counters are the domain's; the views only add shape.
export type { JobExecutionStatus, JobStatus };
/** The counters, plus the group targets still being rolled out (absent when none). */
export type JobProcessDetailsView = JobProcessDetails & { processingTargets?: string[] };

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
  /** Job-wide work (cancelling or deleting its executions) is still under way. */
  isConcurrent: boolean;
  timeoutConfig?: { inProgressTimeoutInMinutes?: number };
  jobExecutionsRetryConfig?: JobExecutionsRetryConfig;
  abortConfig?: AbortConfig;
  jobExecutionsRolloutConfig?: JobExecutionsRolloutConfig;
  /** As the caller wrote it at CreateJob. */
  schedulingConfig?: SchedulingConfig;
  /** The next maintenance window starts (`YYYY-MM-DDTHH:MM`, UTC): computed by DescribeJob, only with windows. */
  scheduledJobRollouts?: Array<{ startTime: string }>;
  /** The template the job was created from. */
  jobTemplateArn?: string;
  createdAt: Date;
  lastUpdatedAt: Date;
  completedAt?: Date;
  jobProcessDetails: JobProcessDetailsView;
}

/** A job template as DescribeJobTemplate shows it (ListJobTemplates shows the first four members). */
export interface JobTemplateView {
  jobTemplateId: string;
  jobTemplateArn: string;
  description: string;
  createdAt: Date;
  document: string;
  timeoutConfig?: { inProgressTimeoutInMinutes?: number };
  jobExecutionsRetryConfig?: JobExecutionsRetryConfig;
  abortConfig?: AbortConfig;
  maintenanceWindows?: readonly MaintenanceWindow[];
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
