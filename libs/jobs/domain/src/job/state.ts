import { DomainError } from '../errors.js';
import type { AbortConfig, JobExecutionsRetryConfig, JobExecutionsRolloutConfig, SchedulingConfig, TimeoutConfig } from '../job-config.js';
import type { RolloutBatch } from './rollout-rate.js';
import type { JobStatus, TargetSelection } from '../statuses.js';
import type { ResourceTag } from '../tags/tags.js';

/** Where the next chunk of a rollout starts: after this (group, thing) in membership order. */
export interface RolloutCursor {
  readonly groupName: string;
  readonly thingName: string;
}

/** Where a paced rollout stands: at target `index` (in list order), after `after` in a group target. */
export interface RolloutPosition {
  readonly index: number;
  readonly after?: RolloutCursor;
}

/** A rollout under a jobExecutionsRolloutConfig: its position, count and recent batches (the rate's window). */
export interface RolloutPace {
  readonly position: RolloutPosition;
  readonly notified: number;
  readonly batches: readonly RolloutBatch[];
  /** When the next target may be notified (ISO-8601); absent: at once. */
  readonly nextAt?: string;
  /**
   * A rollout that ran unpaced until UpdateJob gave it a rate (docs/aws-behaviour.md §19.6): its
   * walk had queued every member up to `cursor` of the first `targets` targets (their merged
   * (group, thing) order), so the paced walk of those targets starts after it.
   */
  readonly unpacedUpTo?: { readonly cursor: RolloutCursor; readonly targets: number };
}

export interface Job {
  readonly jobId: string;
  readonly status: JobStatus;
  readonly targetSelection: TargetSelection;
  /** Thing and thing-group ARNs, in the order given (AssociateTargetsWithJob appends). */
  readonly targets: readonly string[];
  /**
   * The targets still being rolled out: the groups whose members are being queued, or, with a
   * rollout config, every target (paced); absent once done (or without groups and pace).
   */
  readonly rollout?: { readonly targets: readonly string[]; readonly cursor?: RolloutCursor; readonly pace?: RolloutPace };
  readonly document?: string;
  readonly documentSource?: string;
  readonly description?: string;
  readonly timeoutConfig?: TimeoutConfig;
  readonly jobExecutionsRetryConfig?: JobExecutionsRetryConfig;
  readonly abortConfig?: AbortConfig;
  readonly jobExecutionsRolloutConfig?: JobExecutionsRolloutConfig;
  readonly schedulingConfig?: SchedulingConfig;
  /** When a SCHEDULED job starts (ISO-8601). */
  readonly startAt?: string;
  /** When the job ends by its schedulingConfig.endTime (ISO-8601). */
  readonly endAt?: string;
  /** Set by JobRolloutStopped: no target gets an execution any more, and the job may complete. */
  readonly rolloutStoppedAt?: Date;
  readonly jobTemplateArn?: string;
  /** In the order first given; a job without tags has none (not an empty list). */
  readonly tags?: readonly ResourceTag[];
  readonly forceCanceled: boolean;
  readonly reasonCode?: string;
  readonly comment?: string;
  readonly createdAt: Date;
  readonly lastUpdatedAt: Date;
  readonly completedAt?: Date;
}

/** `job` is undefined before creation and after deletion (the jobId may then be reused). */
export interface JobState {
  readonly job?: Job;
}

export function initialJobState(): JobState {
  return {};
}

/** The job of a command that needs one: ResourceNotFound before creation and after deletion. */
export function existingJob(state: JobState): Job {
  if (state.job === undefined) throw new DomainError('ResourceNotFound', 'Job not found');
  return state.job;
}
