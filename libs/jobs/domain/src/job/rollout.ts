import { DomainError } from '../errors.js';
import { MAX_ASSOCIATED_JOB_TARGETS, parseJobTarget } from '../validation.js';
import type { AdvanceJobRollout, AssociateTargetsWithJob } from './commands.js';
import type { JobEvent } from './events.js';
import type { Job, JobState, RolloutCursor } from './state.js';

/**
 * The rollout of a job's thing-group targets (docs/aws-behaviour.md §15): CreateJob records the job
 * and queues its direct thing targets; a durable process then walks the groups' members in chunks
 * and queues one execution per thing. Its progress (the cursor) lives in the job stream, so a
 * crash resumes where the last chunk ended, and two instances cannot both append the same chunk:
 * each appends at the job's stream version.
 */

/** Group ARNs still being rolled out: DescribeJob's `processingTargets`. */
export function processingTargets(job: Job): readonly string[] {
  return job.rollout?.targets ?? [];
}

/** One chunk done: `cursor` is where the next one starts; `done` when the members ran out. */
export function advanceJobRollout(command: AdvanceJobRollout, state: JobState): JobEvent[] {
  const { data } = command;
  const job = state.job;
  if (job?.rollout === undefined) return [];
  // A job that stopped (canceled, being deleted) rolls out no further.
  const done = data.done || job.status !== 'IN_PROGRESS';
  return [
    {
      type: 'JobRolloutAdvanced',
      data: {
        jobId: job.jobId,
        status: job.status,
        queued: data.queued,
        done,
        ...(done || data.cursor === undefined ? {} : { cursor: data.cursor }),
        at: data.now.toISOString(),
        actor: data.actor,
      },
    },
  ];
}

/** AssociateTargetsWithJob (docs/aws-behaviour.md §15.4): only a CONTINUOUS job in progress gains targets. */
export function associateTargetsWithJob(command: AssociateTargetsWithJob, state: JobState): JobEvent[] {
  const { data } = command;
  const job = state.job;
  if (job === undefined) throw new DomainError('ResourceNotFound', 'Job not found');
  if (job.targetSelection !== 'CONTINUOUS' || job.status !== 'IN_PROGRESS') {
    throw new DomainError('InvalidRequest', `Targets can be added only to a CONTINUOUS job in progress; job ${job.jobId} is ${job.targetSelection} and ${job.status}`);
  }
  const known = new Set(job.targets);
  const added = [...new Set(data.targets)].filter((arn) => !known.has(arn));
  added.forEach(parseJobTarget);
  if (known.size + added.length > MAX_ASSOCIATED_JOB_TARGETS) {
    throw new DomainError('LimitExceeded', `A job can have at most ${MAX_ASSOCIATED_JOB_TARGETS} targets; it has ${known.size} and ${added.length} would be added`);
  }
  return [
    {
      type: 'JobTargetsAssociated',
      data: {
        jobId: job.jobId,
        status: job.status,
        targets: added,
        ...(data.comment !== undefined ? { comment: data.comment } : {}),
        at: data.now.toISOString(),
        actor: data.actor,
      },
    },
  ];
}

/** The rollout after targets were added: new groups join it, and its walk starts over (repeats are no-ops). */
export function rolloutWith(job: Job, added: readonly string[]): Job['rollout'] {
  const groups = added.filter((arn) => parseJobTarget(arn).kind === 'group');
  if (groups.length === 0) return job.rollout;
  return { targets: [...(job.rollout?.targets ?? []), ...groups] };
}

export function initialRollout(targets: readonly string[]): Job['rollout'] {
  const groups = targets.filter((arn) => parseJobTarget(arn).kind === 'group');
  return groups.length === 0 ? undefined : { targets: groups };
}

export type { RolloutCursor };
