import { DomainError } from '../errors.js';
import type { Actor, JobExecutionStatus, StatusDetails } from '../statuses.js';
import type { JobExecutionEventData } from './events.js';
import { findExecution, latestExecution, type JobExecution, type JobExecutionState } from './state.js';

/** Helpers shared by the job-execution decisions. */

/** The fields every event about `execution` carries, for a change that bumps its version. */
export function nextVersionData<Status extends JobExecutionStatus>(
  execution: JobExecution,
  status: Status,
  command: { actor: Actor; now: Date },
): JobExecutionEventData & { status: Status } {
  return {
    jobId: execution.jobId,
    thingName: execution.thingName,
    executionNumber: execution.executionNumber,
    versionNumber: execution.versionNumber + 1,
    status,
    at: command.now.toISOString(),
    actor: command.actor,
  };
}

/** "Unchanged if not specified": a given map (even `{}`) replaces the stored one. */
export function resultingDetails(execution: JobExecution, given: StatusDetails | undefined): StatusDetails {
  return given === undefined ? execution.statusDetails : { ...given };
}

/** The execution a command names, or the latest one; ResourceNotFound when there is none. */
export function targetExecution(state: JobExecutionState, executionNumber?: number): JobExecution {
  const execution = executionNumber === undefined ? latestExecution(state) : findExecution(state, executionNumber);
  if (execution === undefined) {
    const which = executionNumber === undefined ? '' : ` with executionNumber ${executionNumber}`;
    throw new DomainError('ResourceNotFound', `Job execution${which} not found`, executionNumber === undefined ? {} : { executionNumber });
  }
  return execution;
}

/** What the device API returns beside a refusal (`executionState` in the error body). */
export function executionState(execution: JobExecution): Record<string, unknown> {
  return {
    executionState: {
      status: execution.status,
      statusDetails: execution.statusDetails,
      versionNumber: execution.versionNumber,
    },
  };
}
