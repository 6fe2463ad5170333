import type { JobExecutionView, JobSummaryResult, JobView } from '#jobs/application';
import type { JobExecutionsRolloutConfig, MaintenanceWindow } from '#jobs/domain';
import { compact, epochSecondsWithFraction as seconds, secondsBeforeTimedOut } from './compact.js';

/**
 * Views → control-plane (`@aws-sdk/client-iot`) wire shapes. Timestamps are epoch seconds with
 * fractions (the SDK turns them into Dates); statusDetails is nested as `{detailsMap}`.
 */
export interface CpJobExecution {
  jobId: string;
  status: string;
  forceCanceled: boolean;
  statusDetails: { detailsMap: Record<string, string> };
  thingArn: string;
  queuedAt: number;
  startedAt?: number;
  lastUpdatedAt: number;
  executionNumber: number;
  versionNumber: number;
  approximateSecondsBeforeTimedOut?: number;
}

export function toCpJobExecution(view: JobExecutionView, now: Date): CpJobExecution {
  return compact({
    jobId: view.jobId,
    status: view.status,
    forceCanceled: view.forceCanceled,
    statusDetails: { detailsMap: { ...view.statusDetails } },
    thingArn: view.thingArn,
    queuedAt: seconds(view.queuedAt),
    startedAt: view.startedAt && seconds(view.startedAt),
    lastUpdatedAt: seconds(view.lastUpdatedAt),
    executionNumber: view.executionNumber,
    versionNumber: view.versionNumber,
    approximateSecondsBeforeTimedOut: secondsBeforeTimedOut(view.status, view.timeoutAt, now),
  });
}

/** The control-plane summary has retryAttempt but, unlike the execution, no versionNumber. */
export interface CpJobExecutionSummary {
  status: string;
  queuedAt: number;
  startedAt?: number;
  lastUpdatedAt: number;
  executionNumber: number;
  retryAttempt: number;
}

function toCpSummary(view: JobExecutionView): CpJobExecutionSummary {
  return compact({
    status: view.status,
    queuedAt: seconds(view.queuedAt),
    startedAt: view.startedAt && seconds(view.startedAt),
    lastUpdatedAt: seconds(view.lastUpdatedAt),
    executionNumber: view.executionNumber,
    retryAttempt: view.retryAttempt,
  });
}

export function toCpSummaryForJob(view: JobExecutionView): { thingArn: string; jobExecutionSummary: CpJobExecutionSummary } {
  return { thingArn: view.thingArn, jobExecutionSummary: toCpSummary(view) };
}

export function toCpSummaryForThing(view: JobExecutionView): { jobId: string; jobExecutionSummary: CpJobExecutionSummary } {
  return { jobId: view.jobId, jobExecutionSummary: toCpSummary(view) };
}

/** DescribeJob's `job`. The document is not part of it (AWS serves it from GetJobDocument). */
export function toCpJob(view: JobView): Record<string, unknown> {
  return compact({
    jobArn: view.jobArn,
    jobId: view.jobId,
    targetSelection: view.targetSelection,
    status: view.status,
    forceCanceled: view.forceCanceled,
    reasonCode: view.reasonCode,
    comment: view.comment,
    targets: [...view.targets],
    description: view.description,
    createdAt: seconds(view.createdAt),
    lastUpdatedAt: seconds(view.lastUpdatedAt),
    completedAt: view.completedAt && seconds(view.completedAt),
    jobProcessDetails: {
      ...view.jobProcessDetails,
      ...(view.jobProcessDetails.processingTargets ? { processingTargets: [...view.jobProcessDetails.processingTargets] } : {}),
    },
    ...executionConfigsToWire(view),
    jobExecutionsRolloutConfig: view.jobExecutionsRolloutConfig && rolloutConfigToWire(view.jobExecutionsRolloutConfig),
    schedulingConfig:
      view.schedulingConfig &&
      compact({
        startTime: view.schedulingConfig.startTime,
        endTime: view.schedulingConfig.endTime,
        endBehavior: view.schedulingConfig.endBehavior,
        maintenanceWindows: view.schedulingConfig.maintenanceWindows?.map(windowToWire),
      }),
    scheduledJobRollouts: view.scheduledJobRollouts?.map(({ startTime }) => ({ startTime })),
    jobTemplateArn: view.jobTemplateArn,
    isConcurrent: view.isConcurrent,
  });
}

export function toCpDescribeJobResponse(view: JobView): Record<string, unknown> {
  return compact({ documentSource: view.documentSource, job: toCpJob(view) });
}

/** ListJobs' `jobs[]`. */
export function toCpJobSummary(view: JobView): Record<string, unknown> {
  return compact({
    jobArn: view.jobArn,
    jobId: view.jobId,
    targetSelection: view.targetSelection,
    status: view.status,
    createdAt: seconds(view.createdAt),
    lastUpdatedAt: seconds(view.lastUpdatedAt),
    completedAt: view.completedAt && seconds(view.completedAt),
    isConcurrent: view.isConcurrent,
  });
}

/** CreateJob and CancelJob answer `{jobArn, jobId, description?}`. */
export function toCpJobSummaryResult(result: JobSummaryResult): Record<string, unknown> {
  return compact({ jobArn: result.jobArn, jobId: result.jobId, description: result.description });
}

/** A stored maintenance window, member by member (templates show them the same way). */
/** The execution configurations a job and a job template share, as DescribeJob and DescribeJobTemplate send them. */
export function executionConfigsToWire(view: Pick<JobView, 'timeoutConfig' | 'jobExecutionsRetryConfig' | 'abortConfig'>) {
  return {
    timeoutConfig: view.timeoutConfig && compact({ ...view.timeoutConfig }),
    jobExecutionsRetryConfig: view.jobExecutionsRetryConfig && {
      criteriaList: view.jobExecutionsRetryConfig.criteriaList.map(({ failureType, numberOfRetries }) => ({ failureType, numberOfRetries })),
    },
    abortConfig: view.abortConfig && {
      criteriaList: view.abortConfig.criteriaList.map(({ failureType, action, thresholdPercentage, minNumberOfExecutedThings }) => ({
        failureType,
        action,
        thresholdPercentage,
        minNumberOfExecutedThings,
      })),
    },
  };
}

export function windowToWire({ startTime, durationInMinutes }: MaintenanceWindow) {
  return { startTime, durationInMinutes };
}

/** The stored rollout config, member by member (the wire has no other members). */
function rolloutConfigToWire(config: JobExecutionsRolloutConfig) {
  const exponential = config.exponentialRate;
  return {
    maximumPerMinute: config.maximumPerMinute,
    exponentialRate: exponential && {
      baseRatePerMinute: exponential.baseRatePerMinute,
      incrementFactor: exponential.incrementFactor,
      rateIncreaseCriteria: {
        numberOfNotifiedThings: exponential.rateIncreaseCriteria.numberOfNotifiedThings,
        numberOfSucceededThings: exponential.rateIncreaseCriteria.numberOfSucceededThings,
      },
    },
  };
}
