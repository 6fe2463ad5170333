import { assertNever } from '../assert-never.js';
import type { JobExecutionEvent, JobExecutionQueued, TimerDeadlines } from './events.js';
import { NO_RETRIES_USED, type JobExecution, type JobExecutionState } from './state.js';

/** Applies one event. Pure; trusts the event (it was decided against the state it now evolves). */
export function evolveJobExecution(state: JobExecutionState, event: JobExecutionEvent): JobExecutionState {
  switch (event.type) {
    case 'JobExecutionQueued':
      return queued(state, event);
    case 'JobExecutionStarted':
      return change(state, event.data.executionNumber, (execution) => ({
        ...fromEvent(execution, event.data),
        statusDetails: event.data.statusDetails,
        startedAt: new Date(event.data.at),
        inProgressTimeoutAt: optionalDate(event.data.inProgressTimeoutAt),
        ...deadlines(event.data),
      }));
    case 'JobExecutionUpdated':
      return change(state, event.data.executionNumber, (execution) => ({
        ...fromEvent(execution, event.data),
        statusDetails: event.data.statusDetails,
        ...deadlines(event.data),
      }));
    case 'JobExecutionSucceeded':
    case 'JobExecutionFailed':
    case 'JobExecutionRejected':
    case 'JobExecutionTimedOut':
    case 'JobExecutionRemoved':
      return change(state, event.data.executionNumber, (execution) =>
        ended({ ...fromEvent(execution, event.data), statusDetails: event.data.statusDetails }),
      );
    case 'JobExecutionCanceled':
      return change(state, event.data.executionNumber, (execution) =>
        ended({
          ...fromEvent(execution, event.data),
          statusDetails: event.data.statusDetails,
          forceCanceled: event.data.forceCanceled,
        }),
      );
    case 'JobExecutionDeleted':
      return {
        ...state,
        executions: state.executions.filter((execution) => execution.executionNumber !== event.data.executionNumber),
      };
    default:
      return assertNever(event, 'job-execution event');
  }
}

function queued(state: JobExecutionState, event: JobExecutionQueued): JobExecutionState {
  const { data } = event;
  const queuedAt = new Date(data.at);
  const execution: JobExecution = {
    jobId: data.jobId,
    thingName: data.thingName,
    thingArn: data.thingArn,
    executionNumber: data.executionNumber,
    status: data.status,
    forceCanceled: false,
    statusDetails: {},
    versionNumber: data.versionNumber,
    retryAttempt: data.retryAttempt,
    queuedAt,
    lastUpdatedAt: queuedAt,
    ...(data.timeoutConfig ? { timeoutConfig: data.timeoutConfig } : {}),
  };
  const retriesUsed = data.retryOf ? { ...state.retriesUsed, [data.retryOf]: state.retriesUsed[data.retryOf] + 1 } : NO_RETRIES_USED;
  return {
    lastExecutionNumber: Math.max(state.lastExecutionNumber, data.executionNumber),
    executions: [...state.executions, execution],
    retriesUsed,
  };
}

function change(state: JobExecutionState, executionNumber: number, apply: (execution: JobExecution) => JobExecution): JobExecutionState {
  return {
    ...state,
    executions: state.executions.map((execution) => (execution.executionNumber === executionNumber ? apply(execution) : execution)),
  };
}

function fromEvent(execution: JobExecution, data: { status: JobExecution['status']; versionNumber: number; at: string }): JobExecution {
  return { ...execution, status: data.status, versionNumber: data.versionNumber, lastUpdatedAt: new Date(data.at) };
}

/** Timers stop once an execution is terminal. */
function ended(execution: JobExecution): JobExecution {
  const { inProgressTimeoutAt: _inProgress, stepTimeoutAt: _step, timeoutAt: _timeout, ...rest } = execution;
  return rest;
}

function deadlines(data: TimerDeadlines): Pick<JobExecution, 'stepTimeoutAt' | 'timeoutAt'> {
  return { stepTimeoutAt: optionalDate(data.stepTimeoutAt), timeoutAt: optionalDate(data.timeoutAt) };
}

function optionalDate(iso: string | undefined): Date | undefined {
  return iso === undefined ? undefined : new Date(iso);
}
