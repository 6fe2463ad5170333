import type { JobExecutionStatus } from '../statuses.js';

/** DescribeJob's `jobProcessDetails` counters: one per execution status (docs/aws-behaviour.md §5.1). */
export interface JobProcessDetails {
  numberOfCanceledThings: number;
  numberOfSucceededThings: number;
  numberOfFailedThings: number;
  numberOfRejectedThings: number;
  numberOfQueuedThings: number;
  numberOfInProgressThings: number;
  numberOfRemovedThings: number;
  numberOfTimedOutThings: number;
}

const COUNTER_OF: Readonly<Record<JobExecutionStatus, keyof JobProcessDetails>> = {
  CANCELED: 'numberOfCanceledThings',
  SUCCEEDED: 'numberOfSucceededThings',
  FAILED: 'numberOfFailedThings',
  REJECTED: 'numberOfRejectedThings',
  QUEUED: 'numberOfQueuedThings',
  IN_PROGRESS: 'numberOfInProgressThings',
  REMOVED: 'numberOfRemovedThings',
  TIMED_OUT: 'numberOfTimedOutThings',
};

export function counterForStatus(status: JobExecutionStatus): keyof JobProcessDetails {
  return COUNTER_OF[status];
}

/**
 * Counts the given statuses. Pass one status per thing: the status of its latest execution
 * (deleted executions excluded), so a thing retried three times counts once.
 */
export function jobProcessDetails(executionStatuses: readonly JobExecutionStatus[]): JobProcessDetails {
  const details: JobProcessDetails = {
    numberOfCanceledThings: 0,
    numberOfSucceededThings: 0,
    numberOfFailedThings: 0,
    numberOfRejectedThings: 0,
    numberOfQueuedThings: 0,
    numberOfInProgressThings: 0,
    numberOfRemovedThings: 0,
    numberOfTimedOutThings: 0,
  };
  for (const status of executionStatuses) details[COUNTER_OF[status]] += 1;
  return details;
}
