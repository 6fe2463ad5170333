import type { RetryableFailure, TimeoutConfig } from '../job-config.js';
import type { JobExecutionStatus, StatusDetails } from '../statuses.js';

/** One execution (jobId, thingName, executionNumber) as the decider knows it. */
export interface JobExecution {
  readonly jobId: string;
  readonly thingName: string;
  readonly thingArn: string;
  readonly executionNumber: number;
  readonly status: JobExecutionStatus;
  readonly forceCanceled: boolean;
  readonly statusDetails: StatusDetails;
  readonly versionNumber: number;
  readonly retryAttempt: number;
  readonly timeoutConfig?: TimeoutConfig;
  readonly queuedAt: Date;
  readonly startedAt?: Date;
  readonly lastUpdatedAt: Date;
  readonly inProgressTimeoutAt?: Date;
  readonly stepTimeoutAt?: Date;
  /** The nearer running deadline; absent once terminal or when no timer runs. */
  readonly timeoutAt?: Date;
}

export type RetriesUsed = Readonly<Record<RetryableFailure, number>>;

/** The state of one (jobId, thingName) stream. */
export interface JobExecutionState {
  /** Highest executionNumber ever given out on this stream (0 before the first); never reused. */
  readonly lastExecutionNumber: number;
  /** Executions not deleted, ascending by executionNumber; only the last can be pending. */
  readonly executions: readonly JobExecution[];
  /** Automatic retries queued since the last fresh (non-retry) attempt, by failure. */
  readonly retriesUsed: RetriesUsed;
}

export const NO_RETRIES_USED: RetriesUsed = { FAILED: 0, TIMED_OUT: 0 };

export function initialJobExecutionState(): JobExecutionState {
  return { lastExecutionNumber: 0, executions: [], retriesUsed: NO_RETRIES_USED };
}

/** The execution that commands without an executionNumber act on; undefined when none remains. */
export function latestExecution(state: JobExecutionState): JobExecution | undefined {
  return state.executions.at(-1);
}

export function findExecution(state: JobExecutionState, executionNumber: number): JobExecution | undefined {
  return state.executions.find((execution) => execution.executionNumber === executionNumber);
}
