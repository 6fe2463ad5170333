import { DomainError } from '../errors.js';
import { cancelsExecution } from '../job/cancellation.js';
import type { RetryableFailure } from '../job-config.js';
import { isPendingExecutionStatus, isTerminalExecutionStatus } from '../statuses.js';
import type {
  CancelJobExecution,
  DeleteJobExecution,
  PurgeJobExecutions,
  QueueJobExecution,
  RemoveJobExecution,
  RetryJobExecution,
  TimeOutJobExecution,
} from './commands.js';
import { nextVersionData, resultingDetails, targetExecution } from './decide-support.js';
import type { JobExecutionEvent, JobExecutionQueued } from './events.js';
import { retryAllowed } from './retry.js';
import { findExecution, latestExecution, type JobExecution, type JobExecutionState } from './state.js';
import { expiredTimer } from './timers.js';

/** Decisions on commands from the control plane and from the service itself. */

export function queueJobExecution(command: QueueJobExecution, state: JobExecutionState): JobExecutionEvent[] {
  const { data } = command;
  const latest = latestExecution(state);
  if (latest && isPendingExecutionStatus(latest.status)) return [];
  if (latest && data.reason === 'ROLLOUT') return [];
  // A rejoining thing starts over only after it was REMOVED, never after a result of its own.
  if (latest && latest.status !== 'REMOVED') return [];
  return [
    queued(state, {
      jobId: data.jobId,
      thingName: data.thingName,
      thingArn: data.thingArn,
      timeoutConfig: data.timeoutConfig,
      retryAttempt: 0,
      command: data,
    }),
  ];
}

export function retryJobExecution(command: RetryJobExecution, state: JobExecutionState): JobExecutionEvent[] {
  const { data } = command;
  const latest = latestExecution(state);
  if (latest === undefined || latest.executionNumber !== data.executionNumber || !isRetryable(latest.status)) return [];
  if (!retryAllowed(data.retryConfig, latest.status, state.retriesUsed)) return [];
  return [
    queued(state, {
      jobId: latest.jobId,
      thingName: latest.thingName,
      thingArn: latest.thingArn,
      timeoutConfig: latest.timeoutConfig,
      retryAttempt: latest.retryAttempt + 1,
      retryOf: latest.status,
      command: data,
    }),
  ];
}

export function cancelJobExecution(command: CancelJobExecution, state: JobExecutionState): JobExecutionEvent[] {
  const { data } = command;
  if (data.origin === 'CancelJob') return sweepForCanceledJob(command, state);
  const execution = targetExecution(state);
  // The version is checked before the status, so a stale caller learns it is stale (DECISIONS.md 11).
  if (data.expectedVersion !== undefined && data.expectedVersion !== execution.versionNumber) {
    throw new DomainError('VersionConflict', `expected version ${data.expectedVersion} does not match current version ${execution.versionNumber}`, {
      versionNumber: execution.versionNumber,
    });
  }
  if (isTerminalExecutionStatus(execution.status)) {
    throw new DomainError('InvalidStateTransition', `Job execution is ${execution.status}; executions in a terminal state can't be canceled`, {
      status: execution.status,
    });
  }
  if (execution.status === 'IN_PROGRESS' && !data.force) {
    throw new DomainError('InvalidStateTransition', 'Job execution is IN_PROGRESS; use force to cancel it', { status: execution.status });
  }
  return [canceled(execution, command)];
}

/**
 * CancelJob leaves executions it may not cancel as they are (docs/aws-behaviour.md §7.4), so for a sweep "not
 * cancelable any more" (it finished, or is IN_PROGRESS without force) means nothing to do.
 */
function sweepForCanceledJob(command: CancelJobExecution, state: JobExecutionState): JobExecutionEvent[] {
  const execution = latestExecution(state);
  if (execution === undefined || !cancelsExecution(command.data.force, execution.status)) return [];
  return [canceled(execution, command)];
}

function canceled(execution: JobExecution, command: CancelJobExecution): JobExecutionEvent {
  const { data } = command;
  if (!isPendingExecutionStatus(execution.status)) {
    throw new Error(`unreachable: a ${execution.status} execution reached canceled()`);
  }
  return {
    type: 'JobExecutionCanceled',
    data: {
      ...nextVersionData(execution, 'CANCELED', data),
      previousStatus: execution.status,
      force: data.force,
      forceCanceled: data.force,
      statusDetails: resultingDetails(execution, data.statusDetails),
      origin: data.origin ?? 'CancelJobExecution',
      ...(data.reasonCode !== undefined ? { reasonCode: data.reasonCode } : {}),
      ...(data.comment !== undefined ? { comment: data.comment } : {}),
    },
  };
}

/** Nothing pending (or a newer attempt than the one named) is nothing to remove: replays are no-ops. */
export function removeJobExecution(command: RemoveJobExecution, state: JobExecutionState): JobExecutionEvent[] {
  const { data } = command;
  const execution = latestExecution(state);
  if (execution === undefined || !isPendingExecutionStatus(execution.status)) return [];
  if (data.executionNumber !== undefined && data.executionNumber !== execution.executionNumber) return [];
  return [
    {
      type: 'JobExecutionRemoved',
      data: {
        ...nextVersionData(execution, 'REMOVED', data),
        previousStatus: execution.status,
        reason: data.reason,
        statusDetails: execution.statusDetails,
      },
    },
  ];
}

export function timeOutJobExecution(command: TimeOutJobExecution, state: JobExecutionState): JobExecutionEvent[] {
  const { data } = command;
  const execution = data.executionNumber === undefined ? latestExecution(state) : findExecution(state, data.executionNumber);
  // A timer that fires after the device finished, or after the deadline moved, changes nothing.
  if (execution === undefined || execution.status !== 'IN_PROGRESS') return [];
  const expired = expiredTimer(execution, data.now);
  if (expired === undefined) return [];
  return [
    {
      type: 'JobExecutionTimedOut',
      data: {
        ...nextVersionData(execution, 'TIMED_OUT', data),
        previousStatus: 'IN_PROGRESS',
        timer: expired.timer,
        deadline: expired.deadline.toISOString(),
        statusDetails: execution.statusDetails,
      },
    },
  ];
}

export function deleteJobExecution(command: DeleteJobExecution, state: JobExecutionState): JobExecutionEvent[] {
  const { data } = command;
  const execution = targetExecution(state, data.executionNumber);
  if (execution.status === 'IN_PROGRESS' && !data.force) {
    throw new DomainError('InvalidStateTransition', 'Job execution is IN_PROGRESS; use force to delete it', { status: execution.status });
  }
  return [deleted(execution, data, data.force)];
}

/** Nothing left to delete (a replayed sweep) is no change. */
export function purgeJobExecutions(command: PurgeJobExecutions, state: JobExecutionState): JobExecutionEvent[] {
  return state.executions.map((execution) => deleted(execution, command.data, true));
}

function deleted(execution: JobExecution, command: { actor: string; now: Date }, force: boolean): JobExecutionEvent {
  return {
    type: 'JobExecutionDeleted',
    data: {
      jobId: execution.jobId,
      thingName: execution.thingName,
      executionNumber: execution.executionNumber,
      versionNumber: execution.versionNumber,
      status: execution.status,
      at: command.now.toISOString(),
      actor: command.actor,
      force,
    },
  };
}

function isRetryable(status: JobExecution['status']): status is RetryableFailure {
  return status === 'FAILED' || status === 'TIMED_OUT';
}

interface NewAttempt {
  jobId: string;
  thingName: string;
  thingArn: string;
  timeoutConfig: JobExecution['timeoutConfig'];
  retryAttempt: number;
  retryOf?: RetryableFailure;
  command: { actor: string; now: Date };
}

/** A new execution record: the next executionNumber of the stream, version 1, QUEUED. */
function queued(state: JobExecutionState, attempt: NewAttempt): JobExecutionQueued {
  return {
    type: 'JobExecutionQueued',
    data: {
      jobId: attempt.jobId,
      thingName: attempt.thingName,
      thingArn: attempt.thingArn,
      executionNumber: state.lastExecutionNumber + 1,
      versionNumber: 1,
      status: 'QUEUED',
      at: attempt.command.now.toISOString(),
      actor: attempt.command.actor,
      retryAttempt: attempt.retryAttempt,
      ...(attempt.timeoutConfig ? { timeoutConfig: attempt.timeoutConfig } : {}),
      ...(attempt.retryOf ? { retryOf: attempt.retryOf } : {}),
    },
  };
}
