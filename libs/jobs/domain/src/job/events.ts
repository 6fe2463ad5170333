import type { Message } from '../decider.js';
import type { AbortConfig, JobExecutionsRetryConfig, JobExecutionsRolloutConfig, SchedulingConfig, TimeoutConfig } from '../job-config.js';
import type { AbortDetails } from './abort.js';
import type { Actor, JobStatus, TargetSelection } from '../statuses.js';
import type { RolloutCursor, RolloutPosition } from './state.js';
import type { ResourceTag } from '../tags/tags.js';

/** Events of one job stream (`job/<jobId>`). Times are ISO-8601 strings, as for executions. */
export interface JobEventData {
  readonly jobId: string;
  /** The job's status after this event; absent on JobDeleted (the job no longer exists). */
  readonly status: JobStatus;
  readonly at: string;
  readonly actor: Actor;
}

export type JobCreated = Message<
  'JobCreated',
  JobEventData & {
    /** SCHEDULED when schedulingConfig has a startTime: nothing rolls out before JobStarted. */
    readonly status: 'IN_PROGRESS' | 'SCHEDULED';
    /** Thing and thing-group ARNs, deduplicated, in the order given. */
    readonly targets: readonly string[];
    readonly document?: string;
    readonly documentSource?: string;
    readonly description?: string;
    readonly targetSelection: TargetSelection;
    readonly timeoutConfig?: TimeoutConfig;
    readonly jobExecutionsRetryConfig?: JobExecutionsRetryConfig;
    readonly abortConfig?: AbortConfig;
    /** With it, every target (direct things too) is notified by the paced rollout. */
    readonly jobExecutionsRolloutConfig?: JobExecutionsRolloutConfig;
    /** As the caller wrote it (DescribeJob echoes it). */
    readonly schedulingConfig?: SchedulingConfig;
    /** When a SCHEDULED job starts (ISO-8601, UTC): the schedule's durable timer. */
    readonly startAt?: string;
    /** When the job ends (schedulingConfig.endTime as an ISO-8601 instant, UTC): the second durable timer. */
    readonly endAt?: string;
    /** The template the job was created from (the application merged its fields already). */
    readonly jobTemplateArn?: string;
    /** Absent when the job was created without tags. */
    readonly tags?: readonly ResourceTag[];
  }
>;

/** A SCHEDULED job's startTime came: it is IN_PROGRESS and its rollout starts. */
export type JobStarted = Message<'JobStarted', JobEventData & { readonly status: 'IN_PROGRESS' }>;

/**
 * The job's endTime came with endBehavior STOP_ROLLOUT (given or by default): no target gets an
 * execution any more (the rollout is over, a CONTINUOUS job queues no joiners); the executions it
 * has run on, and the job completes once none is pending (docs/aws-behaviour.md §21.5).
 */
export type JobRolloutStopped = Message<
  'JobRolloutStopped',
  JobEventData & { readonly status: 'IN_PROGRESS'; readonly endTime: string; readonly endBehavior: 'STOP_ROLLOUT' }
>;

/** UpdateJob: only the members that were given, each replacing the stored value whole. */
export type JobUpdated = Message<
  'JobUpdated',
  JobEventData & {
    readonly description?: string;
    readonly timeoutConfig?: TimeoutConfig;
    readonly jobExecutionsRetryConfig?: JobExecutionsRetryConfig;
    readonly abortConfig?: AbortConfig;
    readonly jobExecutionsRolloutConfig?: JobExecutionsRolloutConfig;
  }
>;

/**
 * An abort criterion fired: the job is canceled exactly as by a non-force CancelJob (the same
 * sweep of QUEUED executions follows), with an automatic reasonCode and comment, and `abortedBy`
 * saying which criterion fired on which numbers.
 */
export type JobAborted = Message<
  'JobAborted',
  JobEventData & {
    readonly status: 'CANCELED';
    readonly previousStatus: JobStatus;
    readonly force: false;
    readonly reasonCode: string;
    readonly comment: string;
    readonly abortedBy: AbortDetails;
  }
>;

export type JobCanceled = Message<
  'JobCanceled',
  JobEventData & {
    readonly status: 'CANCELED';
    readonly previousStatus: JobStatus;
    readonly force: boolean;
    readonly reasonCode?: string;
    readonly comment?: string;
  }
>;

export type JobCompleted = Message<'JobCompleted', JobEventData & { readonly status: 'COMPLETED' }>;

export type JobDeletionStarted = Message<
  'JobDeletionStarted',
  JobEventData & { readonly status: 'DELETION_IN_PROGRESS'; readonly previousStatus: JobStatus; readonly force: boolean }
>;

/** The executions are gone and the jobId is free again. */
export type JobDeleted = Message<'JobDeleted', Omit<JobEventData, 'status'>>;

/**
 * One chunk of the rollout was queued (`queued` new executions); `cursor` is where the next starts.
 * A paced rollout records its `position` instead, when the next target may be notified
 * (`nextAt`: the durable timer), and the targets still processing when that list shrank.
 */
export type JobRolloutAdvanced = Message<
  'JobRolloutAdvanced',
  JobEventData & {
    readonly queued: number;
    readonly done: boolean;
    readonly cursor?: RolloutCursor;
    readonly position?: RolloutPosition;
    readonly nextAt?: string;
    readonly processingTargets?: readonly string[];
  }
>;

/** AssociateTargetsWithJob: `targets` are the ARNs added (repeats left out). */
export type JobTargetsAssociated = Message<'JobTargetsAssociated', JobEventData & { readonly targets: readonly string[]; readonly comment?: string }>;

/** TagResource: only the tags that changed something (new keys, new values). */
export type JobTagged = Message<'JobTagged', JobEventData & { readonly tags: readonly ResourceTag[] }>;

/** UntagResource: only the keys the job held. */
export type JobUntagged = Message<'JobUntagged', JobEventData & { readonly tagKeys: readonly string[] }>;

export type JobEvent =
  | JobCreated
  | JobStarted
  | JobRolloutStopped
  | JobUpdated
  | JobCanceled
  | JobAborted
  | JobCompleted
  | JobDeletionStarted
  | JobDeleted
  | JobRolloutAdvanced
  | JobTargetsAssociated
  | JobTagged
  | JobUntagged;

export type JobEventType = JobEvent['type'];
