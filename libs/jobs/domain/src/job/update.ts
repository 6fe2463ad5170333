import { DomainError } from '../errors.js';
import type { JobExecutionsRetryConfig } from '../job-config.js';
import { assertAbortConfig, assertRetryConfig, assertTimeoutConfig } from '../validation.js';
import { assertRolloutConfig } from './rollout-rate.js';
import { ABORT_REASON_CODE, abortComment } from './abort.js';
import type { AbortJob, UpdateJob } from './commands.js';
import type { JobEvent } from './events.js';
import { existingJob, type JobState } from './state.js';

/** Decisions on a running job's configuration and its automatic abort (docs/aws-behaviour.md §16, §17). */

/**
 * UpdateJob: only on an IN_PROGRESS (or SCHEDULED) job; anything else is InvalidRequest, the one
 * 4xx UpdateJob models for a state problem. The retry config may only be set to zero retries
 * (AWS: the number of retries cannot be raised or changed after creation, only turned off).
 */
export function updateJob(command: UpdateJob, state: JobState): JobEvent[] {
  const { data } = command;
  const job = existingJob(state);
  if (job.status !== 'IN_PROGRESS' && job.status !== 'SCHEDULED') {
    throw new DomainError('InvalidRequest', `Job ${job.jobId} is ${job.status}; only IN_PROGRESS or SCHEDULED jobs can be updated`, {
      status: job.status,
    });
  }
  assertTimeoutConfig(data.timeoutConfig);
  assertRetryConfig(data.jobExecutionsRetryConfig);
  assertOnlyZeroRetries(data.jobExecutionsRetryConfig);
  assertAbortConfig(data.abortConfig);
  assertRolloutConfig(data.jobExecutionsRolloutConfig);
  return [
    {
      type: 'JobUpdated',
      data: {
        jobId: job.jobId,
        status: job.status,
        at: data.now.toISOString(),
        actor: data.actor,
        ...(data.description !== undefined ? { description: data.description } : {}),
        ...(data.timeoutConfig !== undefined ? { timeoutConfig: data.timeoutConfig } : {}),
        ...(data.jobExecutionsRetryConfig !== undefined ? { jobExecutionsRetryConfig: data.jobExecutionsRetryConfig } : {}),
        ...(data.abortConfig !== undefined ? { abortConfig: data.abortConfig } : {}),
        ...(data.jobExecutionsRolloutConfig !== undefined ? { jobExecutionsRolloutConfig: data.jobExecutionsRolloutConfig } : {}),
      },
    },
  ];
}

function assertOnlyZeroRetries(config: JobExecutionsRetryConfig | undefined): void {
  if (config?.criteriaList.some((criterion) => criterion.numberOfRetries !== 0)) {
    throw new DomainError('InvalidRequest', 'After a job is created its retries can only be set to 0 (numberOfRetries: 0)');
  }
}

/**
 * AbortJob: the abort reaction found a criterion that fired. Only an IN_PROGRESS job is aborted;
 * a job canceled, completed or being deleted meanwhile is left alone, so a replayed abort is a no-op.
 */
export function abortJob(command: AbortJob, state: JobState): JobEvent[] {
  const { data } = command;
  const job = state.job;
  if (job?.status !== 'IN_PROGRESS') return [];
  return [
    {
      type: 'JobAborted',
      data: {
        jobId: job.jobId,
        status: 'CANCELED',
        previousStatus: job.status,
        at: data.now.toISOString(),
        actor: data.actor,
        force: false,
        reasonCode: ABORT_REASON_CODE,
        comment: abortComment(data.abortedBy),
        abortedBy: data.abortedBy,
      },
    },
  ];
}
