/** Job settings that shape how its executions behave (docs/aws-behaviour.md §6.1, §7.7, §7.8). */
export interface TimeoutConfig {
  /** Minutes an execution may stay IN_PROGRESS before the service times it out (1–10080). */
  readonly inProgressTimeoutInMinutes?: number;
}

export type RetryFailureType = 'FAILED' | 'TIMED_OUT' | 'ALL';

/** The terminal statuses a retry can follow; REJECTED is never retried. */
export type RetryableFailure = 'FAILED' | 'TIMED_OUT';

export interface RetryCriterion {
  readonly failureType: RetryFailureType;
  readonly numberOfRetries: number;
}

export interface JobExecutionsRetryConfig {
  readonly criteriaList: readonly RetryCriterion[];
}

/** AWS caps retries per device at 10, whatever the criteria add up to (docs/aws-behaviour.md §7.8). */
export const MAX_RETRIES_PER_DEVICE = 10;

export const MIN_TIMEOUT_MINUTES = 1;
export const MAX_TIMEOUT_MINUTES = 10080;

/** Which ended executions count as failures for an abort criterion; ALL sums the three. */
export type AbortFailureType = 'FAILED' | 'REJECTED' | 'TIMED_OUT' | 'ALL';

/**
 * One abort criterion (docs/aws-behaviour.md §16): once at least `minNumberOfExecutedThings`
 * executions have completed, cancel the job when failures reach `thresholdPercentage` of them.
 */
export interface AbortCriterion {
  readonly failureType: AbortFailureType;
  /** The only action AWS defines: a non-force CancelJob. */
  readonly action: 'CANCEL';
  readonly thresholdPercentage: number;
  readonly minNumberOfExecutedThings: number;
}

export interface AbortConfig {
  readonly criteriaList: readonly AbortCriterion[];
}

export const MAX_ABORT_THRESHOLD_PERCENTAGE = 100;

/** How fast a job's targets are notified, i.e. get their QUEUED execution (docs/aws-behaviour.md §19). */
export interface JobExecutionsRolloutConfig {
  /** At most this many notifications in any 60 s (1–1000; 1000 when absent). */
  readonly maximumPerMinute?: number;
  readonly exponentialRate?: ExponentialRolloutRate;
}

export interface ExponentialRolloutRate {
  readonly baseRatePerMinute: number;
  /** 1.1–5, one decimal. */
  readonly incrementFactor: number;
  /** At least one of the two: each further multiple of it raises the rate one step. */
  readonly rateIncreaseCriteria: { readonly numberOfNotifiedThings?: number; readonly numberOfSucceededThings?: number };
}

/** AWS rolls jobs out at 1,000 things a minute at most, whatever the configuration says. */
export const MAX_ROLLOUT_PER_MINUTE = 1000;
export const MIN_INCREMENT_FACTOR = 1.1;
export const MAX_INCREMENT_FACTOR = 5;

/** What happens to a job at its endTime (docs/aws-behaviour.md §21.4). */
export type EndBehavior = 'STOP_ROLLOUT' | 'CANCEL' | 'FORCE_CANCEL';
export const END_BEHAVIORS: readonly EndBehavior[] = ['STOP_ROLLOUT', 'CANCEL', 'FORCE_CANCEL'];

/**
 * A recurring window the rollout may run in (docs/aws-behaviour.md §21.5): from each occurrence of
 * the cron expression `startTime` (EventBridge form, UTC, kept verbatim) for `durationInMinutes`.
 */
export interface MaintenanceWindow {
  readonly startTime: string;
  readonly durationInMinutes: number;
}

/**
 * When a job starts and ends (docs/aws-behaviour.md §21). `startTime` and `endTime` are kept as the
 * caller wrote them (an ISO-8601 date and time to the minute, seconds and an offset optional, UTC
 * without one), so DescribeJob echoes them verbatim. With `maintenanceWindows` the rollout runs
 * only inside them.
 */
export interface SchedulingConfig {
  readonly startTime?: string;
  readonly endTime?: string;
  /** Without an endTime it is kept and echoed but does nothing; an endTime without it stops the rollout. */
  readonly endBehavior?: EndBehavior;
  readonly maintenanceWindows?: readonly MaintenanceWindow[];
}
