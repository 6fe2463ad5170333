import { assertNever } from '../assert-never.js';
import { DomainError } from '../errors.js';
import { isTerminalExecutionStatus, type JobExecutionStatus } from '../statuses.js';
import { assertAbortConfig, assertDocumentChoice, assertRetryConfig, assertTimeoutConfig, parseJobTargets } from '../validation.js';
import type { CancelJob, CompleteJob, CreateJob, DeleteJob, FinishJobDeletion, JobCommand } from './commands.js';
import { abortJob, updateJob } from './update.js';
import { jobCanceled } from './cancellation.js';
import type { JobEvent } from './events.js';
import { advanceJobRollout, associateTargetsWithJob } from './rollout.js';
import { assertRolloutConfig } from './rollout-rate.js';
import { endScheduledJob, scheduledEnd, scheduledStart, startScheduledJob } from './schedule.js';
import { existingJob, type Job, type JobState } from './state.js';
import { changedTags } from '../tags/tags.js';
import { tagJob, untagJob } from './tagging.js';

/** Jobs in DELETION_IN_PROGRESS at once; DeleteJob beyond it is LimitExceeded (docs/aws-behaviour.md §7.5). */
export const MAX_JOB_DELETIONS_IN_PROGRESS = 10;

/** Decisions of the job aggregate (docs/aws-behaviour.md §6.1, §6.4, §6.5, §7.5, §7.6). */

export function createJob(command: CreateJob, state: JobState): JobEvent[] {
  const { data } = command;
  if (state.job !== undefined) {
    throw new DomainError('ResourceAlreadyExists', `Job ${data.jobId} already exists`, { resourceId: data.jobId });
  }
  assertDocumentChoice(data.document, data.documentSource);
  const targets = parseJobTargets(data.targets);
  assertTimeoutConfig(data.timeoutConfig);
  assertRetryConfig(data.jobExecutionsRetryConfig);
  assertAbortConfig(data.abortConfig);
  assertRolloutConfig(data.jobExecutionsRolloutConfig);
  const tags = changedTags([], data.tags ?? []);
  const startAt = scheduledStart(data.schedulingConfig, data.now);
  const endAt = scheduledEnd(data.schedulingConfig, data.now);
  return [
    {
      type: 'JobCreated',
      data: {
        jobId: data.jobId,
        status: startAt ? 'SCHEDULED' : 'IN_PROGRESS',
        at: data.now.toISOString(),
        actor: data.actor,
        targets: targets.map((target) => (target.kind === 'thing' ? target.thingArn : target.thingGroupArn)),
        targetSelection: data.targetSelection ?? 'SNAPSHOT',
        ...(data.document !== undefined ? { document: data.document } : {}),
        ...(data.documentSource !== undefined ? { documentSource: data.documentSource } : {}),
        ...(data.description !== undefined ? { description: data.description } : {}),
        ...(data.timeoutConfig ? { timeoutConfig: data.timeoutConfig } : {}),
        ...(data.jobExecutionsRetryConfig ? { jobExecutionsRetryConfig: data.jobExecutionsRetryConfig } : {}),
        ...(data.abortConfig ? { abortConfig: data.abortConfig } : {}),
        ...(data.jobExecutionsRolloutConfig ? { jobExecutionsRolloutConfig: data.jobExecutionsRolloutConfig } : {}),
        ...(data.schedulingConfig ? { schedulingConfig: data.schedulingConfig } : {}),
        ...(startAt ? { startAt: startAt.toISOString() } : {}),
        ...(endAt ? { endAt: endAt.toISOString() } : {}),
        ...(data.jobTemplateArn !== undefined ? { jobTemplateArn: data.jobTemplateArn } : {}),
        ...(tags.length > 0 ? { tags } : {}),
      },
    },
  ];
}

export function cancelJob(command: CancelJob, state: JobState): JobEvent[] {
  const { data } = command;
  const job = existingJob(state);
  if (job.status === 'DELETION_IN_PROGRESS' || job.status === 'COMPLETED') {
    // CancelJob models no InvalidStateTransition; InvalidRequest is the 4xx left (DECISIONS.md 8).
    throw new DomainError('InvalidRequest', `Job ${job.jobId} is ${job.status} and cannot be canceled`, { status: job.status });
  }
  // A repeat changes nothing, except that force may follow a plain cancel to sweep IN_PROGRESS executions.
  if (job.status === 'CANCELED' && (job.forceCanceled || !data.force)) return [];
  return [jobCanceled(job, data)];
}

export function completeJob(command: CompleteJob, state: JobState): JobEvent[] {
  const { data } = command;
  const job = state.job;
  if (job === undefined || !isJobComplete(job, data.executionStatuses)) return [];
  return [{ type: 'JobCompleted', data: { jobId: job.jobId, status: 'COMPLETED', at: data.now.toISOString(), actor: data.actor } }];
}

/**
 * docs/aws-behaviour.md §7.6: a SNAPSHOT job completes when all of its executions are terminal; a CONTINUOUS job
 * never completes on its own. A job with no execution yet, or whose group rollout is still
 * queueing executions, has nothing finished. A job whose rollout its endTime stopped (§21.4),
 * SNAPSHOT or CONTINUOUS, gets no execution any more: it completes once none is pending, even
 * with none at all (DECISIONS.md 55).
 */
export function isJobComplete(job: Job, executionStatuses: readonly JobExecutionStatus[]): boolean {
  const stopped = job.rolloutStoppedAt !== undefined;
  return (
    job.status === 'IN_PROGRESS' &&
    (job.targetSelection === 'SNAPSHOT' || stopped) &&
    job.rollout === undefined &&
    (executionStatuses.length > 0 || stopped) &&
    executionStatuses.every(isTerminalExecutionStatus)
  );
}

export function deleteJob(command: DeleteJob, state: JobState): JobEvent[] {
  const { data } = command;
  const job = existingJob(state);
  if (job.status === 'DELETION_IN_PROGRESS') {
    throw new DomainError('InvalidStateTransition', `Job ${job.jobId} is already being deleted`, { status: job.status });
  }
  const finished = job.status === 'COMPLETED' || job.status === 'CANCELED';
  if (!finished && !data.force) {
    throw new DomainError('InvalidStateTransition', `Job ${job.jobId} is ${job.status}; use force to delete it`, { status: job.status });
  }
  if (data.deletionsInProgress >= MAX_JOB_DELETIONS_IN_PROGRESS) {
    throw new DomainError(
      'LimitExceeded',
      `${data.deletionsInProgress} jobs are being deleted; at most ${MAX_JOB_DELETIONS_IN_PROGRESS} deletions may be in progress at once`,
    );
  }
  return [
    {
      type: 'JobDeletionStarted',
      data: {
        jobId: job.jobId,
        status: 'DELETION_IN_PROGRESS',
        previousStatus: job.status,
        at: data.now.toISOString(),
        actor: data.actor,
        force: data.force,
      },
    },
  ];
}

export function finishJobDeletion(command: FinishJobDeletion, state: JobState): JobEvent[] {
  const { data } = command;
  const job = state.job;
  if (job === undefined) return [];
  if (job.status !== 'DELETION_IN_PROGRESS') {
    throw new DomainError('InvalidStateTransition', `Job ${job.jobId} is ${job.status}, not being deleted`, { status: job.status });
  }
  return [{ type: 'JobDeleted', data: { jobId: job.jobId, at: data.now.toISOString(), actor: data.actor } }];
}

export function decideJob(command: JobCommand, state: JobState): JobEvent[] {
  switch (command.type) {
    case 'CreateJob':
      return createJob(command, state);
    case 'UpdateJob':
      return updateJob(command, state);
    case 'CancelJob':
      return cancelJob(command, state);
    case 'AbortJob':
      return abortJob(command, state);
    case 'CompleteJob':
      return completeJob(command, state);
    case 'DeleteJob':
      return deleteJob(command, state);
    case 'FinishJobDeletion':
      return finishJobDeletion(command, state);
    case 'AdvanceJobRollout':
      return advanceJobRollout(command, state);
    case 'AssociateTargetsWithJob':
      return associateTargetsWithJob(command, state);
    case 'TagJob':
      return tagJob(command, state);
    case 'UntagJob':
      return untagJob(command, state);
    case 'StartScheduledJob':
      return startScheduledJob(command, state);
    case 'EndScheduledJob':
      return endScheduledJob(command, state);
    default:
      return assertNever(command, 'job command');
  }
}
