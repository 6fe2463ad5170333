import type { Message } from '../decider.js';
import type { RetryableFailure, TimeoutConfig } from '../job-config.js';
import type { Actor, JobExecutionStatus, PendingJobExecutionStatus, StatusDetails } from '../statuses.js';

/**
 * Events of one job-execution stream (one stream per jobId + thingName, holding every
 * executionNumber of that pair over time). Each event names the execution it changed and carries
 * the resulting `status` and `versionNumber`, so the audit trail and the read models need no
 * decider to interpret it. Times are ISO-8601 strings: events round-trip through JSON (jsonb,
 * Kafka) unchanged.
 */
export interface JobExecutionEventData {
  readonly jobId: string;
  readonly thingName: string;
  readonly executionNumber: number;
  /** The execution's versionNumber after this event. */
  readonly versionNumber: number;
  /** The execution's status after this event. */
  readonly status: JobExecutionStatus;
  readonly at: string;
  readonly actor: Actor;
}

export type JobExecutionQueued = Message<
  'JobExecutionQueued',
  JobExecutionEventData & {
    readonly status: 'QUEUED';
    readonly thingArn: string;
    readonly timeoutConfig?: TimeoutConfig;
    /** 0 for a first attempt; n for the n-th automatic retry (docs/aws-behaviour.md §7.8). */
    readonly retryAttempt: number;
    /** The failure this attempt retries, when it is a retry. */
    readonly retryOf?: RetryableFailure;
  }
>;

/** Timer deadlines after a change; absent means no such timer runs. */
export interface TimerDeadlines {
  readonly stepTimeoutAt?: string;
  /** The nearer of the in-progress and step deadlines: when the service will time it out. */
  readonly timeoutAt?: string;
}

export type JobExecutionStarted = Message<
  'JobExecutionStarted',
  JobExecutionEventData &
    TimerDeadlines & {
      readonly status: 'IN_PROGRESS';
      readonly previousStatus: 'QUEUED';
      readonly startedBy: 'StartNextPendingJobExecution' | 'UpdateJobExecution';
      readonly statusDetails: StatusDetails;
      readonly stepTimeoutInMinutes?: number;
      readonly inProgressTimeoutAt?: string;
    }
>;

/** A device's progress report on an execution that stays IN_PROGRESS. */
export type JobExecutionUpdated = Message<
  'JobExecutionUpdated',
  JobExecutionEventData &
    TimerDeadlines & {
      readonly status: 'IN_PROGRESS';
      readonly previousStatus: 'IN_PROGRESS';
      readonly statusDetails: StatusDetails;
      readonly stepTimeoutInMinutes?: number;
    }
>;

type DeviceOutcomeData<Status extends JobExecutionStatus> = JobExecutionEventData & {
  readonly status: Status;
  readonly previousStatus: PendingJobExecutionStatus;
  readonly statusDetails: StatusDetails;
};

export type JobExecutionSucceeded = Message<'JobExecutionSucceeded', DeviceOutcomeData<'SUCCEEDED'>>;
export type JobExecutionFailed = Message<'JobExecutionFailed', DeviceOutcomeData<'FAILED'>>;
export type JobExecutionRejected = Message<'JobExecutionRejected', DeviceOutcomeData<'REJECTED'>>;

export type JobExecutionTimedOut = Message<
  'JobExecutionTimedOut',
  JobExecutionEventData & {
    readonly status: 'TIMED_OUT';
    readonly previousStatus: 'IN_PROGRESS';
    /** Which timer expired first. */
    readonly timer: 'IN_PROGRESS' | 'STEP';
    readonly deadline: string;
    readonly statusDetails: StatusDetails;
  }
>;

export type JobExecutionCanceled = Message<
  'JobExecutionCanceled',
  JobExecutionEventData & {
    readonly status: 'CANCELED';
    readonly previousStatus: PendingJobExecutionStatus;
    readonly force: boolean;
    readonly forceCanceled: boolean;
    /** The map after the cancel: replaced when the command gave one, otherwise unchanged. */
    readonly statusDetails: StatusDetails;
    /** CancelJobExecution on this execution, or CancelJob sweeping the job's executions. */
    readonly origin: 'CancelJobExecution' | 'CancelJob';
    readonly reasonCode?: string;
    readonly comment?: string;
  }
>;

/**
 * DeleteJobExecution: the execution is gone for reads and commands. `status` and `versionNumber`
 * are those it had when deleted (deletion is not a change of the execution, it ends its record).
 */
export type JobExecutionDeleted = Message<
  'JobExecutionDeleted',
  JobExecutionEventData & {
    readonly force: boolean;
  }
>;

/** The thing is no longer a target (it left the job's groups, or was deleted): a service-side end. */
export type JobExecutionRemoved = Message<
  'JobExecutionRemoved',
  JobExecutionEventData & {
    readonly status: 'REMOVED';
    readonly previousStatus: PendingJobExecutionStatus;
    readonly reason: 'LEFT_TARGETS' | 'THING_DELETED';
    readonly statusDetails: StatusDetails;
  }
>;

export type JobExecutionEvent =
  | JobExecutionRemoved
  | JobExecutionQueued
  | JobExecutionStarted
  | JobExecutionUpdated
  | JobExecutionSucceeded
  | JobExecutionFailed
  | JobExecutionRejected
  | JobExecutionTimedOut
  | JobExecutionCanceled
  | JobExecutionDeleted;

export type JobExecutionEventType = JobExecutionEvent['type'];
