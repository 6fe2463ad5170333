import { DomainError } from '../errors.js';
import { isTerminalExecutionStatus } from '../statuses.js';
import { assertStepTimeout } from '../validation.js';
import type { StartJobExecution, UpdateJobExecution } from './commands.js';
import { executionState, nextVersionData, resultingDetails, targetExecution } from './decide-support.js';
import type { JobExecutionEvent, JobExecutionStarted, JobExecutionUpdated } from './events.js';
import type { JobExecution, JobExecutionState } from './state.js';
import { deadlinesFor, inProgressDeadline, nextStepDeadline } from './timers.js';

/** Decisions on commands a device sends through the data plane (docs/aws-behaviour.md §6.12, §6.14, §7.2). */

export function startJobExecution(command: StartJobExecution, state: JobExecutionState): JobExecutionEvent[] {
  const { data } = command;
  assertStepTimeout(data.stepTimeoutInMinutes, false);
  const execution = targetExecution(state, data.executionNumber);
  // StartNext returns an execution that is already IN_PROGRESS as it is, details and timers untouched.
  if (execution.status === 'IN_PROGRESS') return [];
  if (execution.status !== 'QUEUED') {
    throw new DomainError('InvalidStateTransition', `Job execution is ${execution.status} and cannot be started`, executionState(execution));
  }
  return [started(execution, data, 'StartNextPendingJobExecution')];
}

export function updateJobExecution(command: UpdateJobExecution, state: JobExecutionState): JobExecutionEvent[] {
  const { data } = command;
  const execution = targetExecution(state, data.executionNumber);
  assertDeviceMaySet(data.status, execution);
  assertStepTimeout(data.stepTimeoutInMinutes, true);
  if (data.expectedVersion !== undefined && data.expectedVersion !== execution.versionNumber) {
    // The data plane models no version error: a mismatch is an InvalidStateTransition carrying the
    // current state (DECISIONS.md 1).
    throw new DomainError(
      'InvalidStateTransition',
      `expected version ${data.expectedVersion} does not match current version ${execution.versionNumber}`,
      { reason: 'VersionMismatch', ...executionState(execution) },
    );
  }
  if (isTerminalExecutionStatus(execution.status)) {
    const forced = execution.forceCanceled ? ' (force-canceled)' : '';
    throw new DomainError(
      'InvalidStateTransition',
      `Job execution is ${execution.status}${forced} and can no longer be updated`,
      executionState(execution),
    );
  }
  return [deviceOutcome(execution, command)];
}

/** The device may report only IN_PROGRESS, SUCCEEDED, FAILED and REJECTED (DECISIONS.md 3). */
function assertDeviceMaySet(status: UpdateJobExecution['data']['status'], execution: JobExecution): void {
  if (status === 'QUEUED') {
    throw new DomainError('InvalidStateTransition', 'A job execution cannot be moved back to QUEUED', executionState(execution));
  }
  if (status === 'TIMED_OUT' || status === 'REMOVED' || status === 'CANCELED') {
    throw new DomainError('InvalidRequest', `Status ${status} is set by the service, not by a device`);
  }
}

function deviceOutcome(execution: JobExecution, command: UpdateJobExecution): JobExecutionEvent {
  const { data } = command;
  const statusDetails = resultingDetails(execution, data.statusDetails);
  switch (data.status) {
    case 'IN_PROGRESS':
      return execution.status === 'QUEUED' ? started(execution, data, 'UpdateJobExecution') : progressed(execution, data);
    case 'SUCCEEDED':
      return {
        type: 'JobExecutionSucceeded',
        data: { ...nextVersionData(execution, 'SUCCEEDED', data), previousStatus: pending(execution), statusDetails },
      };
    case 'FAILED':
      return {
        type: 'JobExecutionFailed',
        data: { ...nextVersionData(execution, 'FAILED', data), previousStatus: pending(execution), statusDetails },
      };
    case 'REJECTED':
      return {
        type: 'JobExecutionRejected',
        data: { ...nextVersionData(execution, 'REJECTED', data), previousStatus: pending(execution), statusDetails },
      };
    default:
      throw new Error(`unreachable: ${data.status} was refused by assertDeviceMaySet`);
  }
}

type DeviceInput = StartJobExecution['data'] | UpdateJobExecution['data'];

function started(execution: JobExecution, data: DeviceInput, startedBy: JobExecutionStarted['data']['startedBy']): JobExecutionStarted {
  const inProgress = inProgressDeadline(data.currentTimeoutConfig ?? execution.timeoutConfig, data.now);
  const step = nextStepDeadline(undefined, data.stepTimeoutInMinutes, data.now, inProgress);
  return {
    type: 'JobExecutionStarted',
    data: {
      ...nextVersionData(execution, 'IN_PROGRESS', data),
      previousStatus: 'QUEUED',
      startedBy,
      statusDetails: resultingDetails(execution, data.statusDetails),
      ...(data.stepTimeoutInMinutes !== undefined ? { stepTimeoutInMinutes: data.stepTimeoutInMinutes } : {}),
      ...(inProgress ? { inProgressTimeoutAt: inProgress.toISOString() } : {}),
      ...deadlinesFor(step, inProgress),
    },
  };
}

function progressed(execution: JobExecution, data: UpdateJobExecution['data']): JobExecutionUpdated {
  const step = nextStepDeadline(execution.stepTimeoutAt, data.stepTimeoutInMinutes, data.now, execution.inProgressTimeoutAt);
  return {
    type: 'JobExecutionUpdated',
    data: {
      ...nextVersionData(execution, 'IN_PROGRESS', data),
      previousStatus: 'IN_PROGRESS',
      statusDetails: resultingDetails(execution, data.statusDetails),
      ...(data.stepTimeoutInMinutes !== undefined ? { stepTimeoutInMinutes: data.stepTimeoutInMinutes } : {}),
      ...deadlinesFor(step, execution.inProgressTimeoutAt),
    },
  };
}

function pending(execution: JobExecution): 'QUEUED' | 'IN_PROGRESS' {
  if (execution.status !== 'QUEUED' && execution.status !== 'IN_PROGRESS') {
    throw new Error(`unreachable: ${execution.status} execution reached a device outcome`);
  }
  return execution.status;
}
