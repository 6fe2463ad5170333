import type { Message } from '../decider.js';
import type { JobExecutionsRetryConfig, TimeoutConfig } from '../job-config.js';
import type { Actor, JobExecutionStatus, StatusDetails } from '../statuses.js';

/**
 * Commands on one job-execution stream. The stream id already names the job and the thing, so
 * only QueueJobExecution (which creates the record) repeats them. `now` is the only clock.
 */
interface CommandBase {
  readonly actor: Actor;
  readonly now: Date;
}

export type QueueJobExecution = Message<
  'QueueJobExecution',
  CommandBase & {
    readonly jobId: string;
    readonly thingName: string;
    readonly thingArn: string;
    readonly timeoutConfig?: TimeoutConfig;
    /**
     * ROLLOUT: the job's rollout reaches this thing; a no-op when the thing already has an
     * execution, so a replayed rollout creates no duplicates. REQUEUE: a thing (re-)joining a
     * CONTINUOUS job; queues unless the thing's latest execution is pending or ended on its own
     * (only none, or a REMOVED one, gets a new attempt: DECISIONS.md 35).
     */
    readonly reason: 'ROLLOUT' | 'REQUEUE';
  }
>;

/**
 * Service-side: queue the next attempt after execution `executionNumber` FAILED or TIMED_OUT, if
 * it is still the latest one and retries remain. Naming the ended attempt makes the command
 * idempotent: replayed after the retry was queued (or after that retry ended too), it is a no-op.
 */
export type RetryJobExecution = Message<
  'RetryJobExecution',
  CommandBase & { readonly retryConfig: JobExecutionsRetryConfig; readonly executionNumber: number }
>;

/** StartNextPendingJobExecution, after the application picked this stream's execution. */
export type StartJobExecution = Message<
  'StartJobExecution',
  CommandBase & {
    readonly executionNumber?: number;
    readonly statusDetails?: StatusDetails;
    readonly stepTimeoutInMinutes?: number;
    /**
     * The job's timeoutConfig at this moment, when the application read it: it wins over the one
     * the execution was queued with, so an UpdateJob's new timeout applies to executions that start
     * after it (docs/aws-behaviour.md §17). `{}` means the job has no in-progress timeout.
     */
    readonly currentTimeoutConfig?: TimeoutConfig;
  }
>;

export type UpdateJobExecution = Message<
  'UpdateJobExecution',
  CommandBase & {
    readonly status: JobExecutionStatus;
    readonly statusDetails?: StatusDetails;
    readonly expectedVersion?: number;
    /** Without it, the latest execution. */
    readonly executionNumber?: number;
    /** 1–10080 sets a new step timer, −1 clears it, absent keeps it. */
    readonly stepTimeoutInMinutes?: number;
    /**
     * The job's timeoutConfig at this moment, when the application read it: it wins over the one
     * the execution was queued with, so an UpdateJob's new timeout applies to executions that start
     * after it (docs/aws-behaviour.md §17). `{}` means the job has no in-progress timeout.
     */
    readonly currentTimeoutConfig?: TimeoutConfig;
  }
>;

export type CancelJobExecution = Message<
  'CancelJobExecution',
  CommandBase & {
    readonly force: boolean;
    readonly expectedVersion?: number;
    readonly statusDetails?: StatusDetails;
    /** Defaults to CancelJobExecution; CancelJob sets it, with its reasonCode and comment. */
    readonly origin?: 'CancelJobExecution' | 'CancelJob';
    readonly reasonCode?: string;
    readonly comment?: string;
  }
>;

/** Service-side timer firing; quiet when the execution moved on or the deadline moved. */
export type TimeOutJobExecution = Message<'TimeOutJobExecution', CommandBase & { readonly executionNumber?: number }>;

export type DeleteJobExecution = Message<'DeleteJobExecution', CommandBase & { readonly executionNumber: number; readonly force: boolean }>;

/** DeleteJob's sweep: every execution of the (job, thing) stream is deleted, whatever its state. */
export type PurgeJobExecutions = Message<'PurgeJobExecutions', CommandBase>;

/**
 * Service-side: the thing left every target of a CONTINUOUS job, or was deleted. Its pending
 * execution becomes REMOVED; with `executionNumber`, only when that one is still the pending one.
 */
export type RemoveJobExecution = Message<
  'RemoveJobExecution',
  CommandBase & { readonly reason: 'LEFT_TARGETS' | 'THING_DELETED'; readonly executionNumber?: number }
>;

export type JobExecutionCommand =
  | RemoveJobExecution
  | QueueJobExecution
  | RetryJobExecution
  | StartJobExecution
  | UpdateJobExecution
  | CancelJobExecution
  | TimeOutJobExecution
  | DeleteJobExecution
  | PurgeJobExecutions;
