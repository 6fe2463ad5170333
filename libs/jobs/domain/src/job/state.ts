import { DomainError } from '../errors.js';
import type { AbortConfig, JobExecutionsRetryConfig, TimeoutConfig } from '../job-config.js';
import type { JobStatus, TargetSelection } from '../statuses.js';


/** Where the next chunk of a rollout starts: after this (group, thing) in membership order. */
export interface RolloutCursor {
  readonly groupName: string;
  readonly thingName: string;
}

export interface Job {
  readonly jobId: string;
  readonly status: JobStatus;
  readonly targetSelection: TargetSelection;
  /** Thing and thing-group ARNs, in the order given (AssociateTargetsWithJob appends). */
  readonly targets: readonly string[];
  /** The group targets whose members are still being queued; absent once done (or without groups). */
  readonly rollout?: { readonly targets: readonly string[]; readonly cursor?: RolloutCursor };
  readonly document?: string;
  readonly documentSource?: string;
  readonly description?: string;
  readonly timeoutConfig?: TimeoutConfig;
  readonly jobExecutionsRetryConfig?: JobExecutionsRetryConfig;
  readonly abortConfig?: AbortConfig;
  readonly jobTemplateArn?: string;
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
