import type { Message } from '../decider.js';
import type { AbortConfig, JobExecutionsRetryConfig, JobExecutionsRolloutConfig, SchedulingConfig, TimeoutConfig } from '../job-config.js';
import type { AbortDetails } from './abort.js';
import type { Actor, JobExecutionStatus, TargetSelection } from '../statuses.js';
import type { WindowAt } from './maintenance-windows.js';
import type { RolloutCursor, RolloutPosition } from './state.js';
import type { ResourceTag } from '../tags/tags.js';

interface CommandBase {
  readonly actor: Actor;
  readonly now: Date;
}

export type CreateJob = Message<
  'CreateJob',
  CommandBase & {
    readonly jobId: string;
    readonly targets: readonly string[];
    readonly document?: string;
    readonly documentSource?: string;
    readonly description?: string;
    /** Defaults to SNAPSHOT. */
    readonly targetSelection?: TargetSelection;
    readonly timeoutConfig?: TimeoutConfig;
    readonly jobExecutionsRetryConfig?: JobExecutionsRetryConfig;
    readonly abortConfig?: AbortConfig;
    readonly jobExecutionsRolloutConfig?: JobExecutionsRolloutConfig;
    /** With a startTime the job is SCHEDULED until then (schedule.ts). */
    readonly schedulingConfig?: SchedulingConfig;
    /** The template the job was created from (the application merged its fields already). */
    readonly jobTemplateArn?: string;
    readonly tags?: readonly ResourceTag[];
  }
>;

/** Sent by the schedule timer: a SCHEDULED job whose startTime has come starts (schedule.ts). */
export type StartScheduledJob = Message<'StartScheduledJob', CommandBase>;

/** Sent by the end timer: an IN_PROGRESS job whose endTime has come ends as its endBehavior says (schedule.ts). */
export type EndScheduledJob = Message<'EndScheduledJob', CommandBase>;

/**
 * UpdateJob: a member that is present replaces the stored value whole; an absent one changes
 * nothing. Targets, document and target selection cannot change.
 */
export type UpdateJob = Message<
  'UpdateJob',
  CommandBase & {
    readonly description?: string;
    readonly timeoutConfig?: TimeoutConfig;
    readonly jobExecutionsRetryConfig?: JobExecutionsRetryConfig;
    readonly abortConfig?: AbortConfig;
    readonly jobExecutionsRolloutConfig?: JobExecutionsRolloutConfig;
  }
>;

/** Sent by the service when an abort criterion fired: a non-force cancel with automatic reason. */
export type AbortJob = Message<'AbortJob', CommandBase & { readonly abortedBy: AbortDetails }>;

export type CancelJob = Message<'CancelJob', CommandBase & { readonly force: boolean; readonly reasonCode?: string; readonly comment?: string }>;

/**
 * Sent after an execution of the job ends: completes a SNAPSHOT job once every execution is
 * terminal. `executionStatuses` are the statuses of all of the job's current executions.
 */
export type CompleteJob = Message<'CompleteJob', CommandBase & { readonly executionStatuses: readonly JobExecutionStatus[] }>;

export type DeleteJob = Message<
  'DeleteJob',
  CommandBase & {
    readonly force: boolean;
    /** How many jobs are DELETION_IN_PROGRESS now: AWS allows at most 10 at once. */
    readonly deletionsInProgress: number;
  }
>;

/** Sent once every execution of a job in DELETION_IN_PROGRESS has been deleted. */
export type FinishJobDeletion = Message<'FinishJobDeletion', CommandBase>;

/**
 * The rollout process queued one chunk of executions: record it (see rollout.ts). A paced chunk
 * gives its new `position`, the job's succeeded count (the exponential rate's other criterion) and,
 * when the job has maintenance windows, whether one is open now.
 */
export type AdvanceJobRollout = Message<
  'AdvanceJobRollout',
  CommandBase & {
    readonly queued: number;
    readonly done: boolean;
    readonly cursor?: RolloutCursor;
    readonly position?: RolloutPosition;
    readonly succeeded?: number;
    /** For a job with maintenance windows: where `now` stands (read through the cron calendar). */
    readonly window?: WindowAt;
  }
>;

export type AssociateTargetsWithJob = Message<
  'AssociateTargetsWithJob',
  CommandBase & { readonly targets: readonly string[]; readonly comment?: string }
>;

/** TagResource on a job: each key is added, or its value replaced. */
export type TagJob = Message<'TagJob', CommandBase & { readonly tags: readonly ResourceTag[] }>;

/** UntagResource on a job: keys the job does not hold change nothing. */
export type UntagJob = Message<'UntagJob', CommandBase & { readonly tagKeys: readonly string[] }>;

export type JobCommand =
  | CreateJob
  | UpdateJob
  | CancelJob
  | AbortJob
  | CompleteJob
  | DeleteJob
  | FinishJobDeletion
  | AdvanceJobRollout
  | AssociateTargetsWithJob
  | TagJob
  | UntagJob
  | StartScheduledJob
  | EndScheduledJob;
