import type { DeviceJobExecution, JobExecutionView, UpdateJobExecutionResult } from '#jobs/application';
import { compact, secondsBeforeTimedOut, wholeEpochSeconds as seconds } from './compact.js';

/**
 * Views → data-plane (`@aws-sdk/client-iot-jobs-data-plane`) wire shapes. Timestamps are plain
 * integer epoch seconds (the SDK passes them through as numbers); statusDetails is a flat map.
 */
export interface DpJobExecution {
  jobId: string;
  thingName: string;
  status: string;
  statusDetails: Record<string, string>;
  queuedAt: number;
  startedAt?: number;
  lastUpdatedAt: number;
  approximateSecondsBeforeTimedOut?: number;
  versionNumber: number;
  executionNumber: number;
  jobDocument?: string;
}

export function toDpJobExecution(execution: DeviceJobExecution, now: Date): DpJobExecution {
  return compact({
    jobId: execution.jobId,
    thingName: execution.thingName,
    status: execution.status,
    statusDetails: { ...execution.statusDetails },
    queuedAt: seconds(execution.queuedAt),
    startedAt: execution.startedAt && seconds(execution.startedAt),
    lastUpdatedAt: seconds(execution.lastUpdatedAt),
    approximateSecondsBeforeTimedOut: secondsBeforeTimedOut(execution.status, execution.timeoutAt, now),
    versionNumber: execution.versionNumber,
    executionNumber: execution.executionNumber,
    jobDocument: execution.jobDocument,
  });
}

/** GetPendingJobExecutions entries: no status (the list tells it) and no retryAttempt. */
export interface DpJobExecutionSummary {
  jobId: string;
  queuedAt: number;
  startedAt?: number;
  lastUpdatedAt: number;
  versionNumber: number;
  executionNumber: number;
}

export function toDpJobExecutionSummary(view: JobExecutionView): DpJobExecutionSummary {
  return compact({
    jobId: view.jobId,
    queuedAt: seconds(view.queuedAt),
    startedAt: view.startedAt && seconds(view.startedAt),
    lastUpdatedAt: seconds(view.lastUpdatedAt),
    versionNumber: view.versionNumber,
    executionNumber: view.executionNumber,
  });
}

/** UpdateJobExecution answers `{executionState?, jobDocument?}`; with neither flag it is `{}`. */
export function toDpUpdateResponse(result: UpdateJobExecutionResult): Record<string, unknown> {
  const state = result.executionState;
  return compact({
    executionState: state && {
      status: state.status,
      statusDetails: { ...state.statusDetails },
      versionNumber: state.versionNumber,
    },
    jobDocument: result.jobDocument,
  });
}
