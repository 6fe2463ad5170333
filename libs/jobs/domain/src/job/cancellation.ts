import type { CancelJobExecution } from '../job-execution/commands.js';
import type { JobExecutionStatus } from '../statuses.js';
import type { JobEvent } from './events.js';
import type { Job } from './state.js';

/**
 * The cross-aggregate half of CancelJob (docs/aws-behaviour.md §7.4), as a pure function: given the cancel and the
 * job's current executions, the CancelJobExecution commands the application sends to each
 * execution stream. QUEUED executions are always canceled, IN_PROGRESS ones only with force,
 * terminal ones never. Each command says it comes from CancelJob, so the execution decider treats
 * a race (the execution moved on meanwhile) as nothing to do instead of an error.
 */
export interface ExecutionToCancel {
  readonly jobId: string;
  readonly thingName: string;
  readonly executionNumber: number;
  readonly status: JobExecutionStatus;
}

export interface JobCancellationInput {
  readonly force: boolean;
  readonly reasonCode?: string;
  readonly comment?: string;
  readonly actor: string;
  readonly now: Date;
}

/** The job's half: JobCanceled, whoever cancels (CancelJob, a scheduled end's CANCEL / FORCE_CANCEL). */
export function jobCanceled(job: Job, cancel: JobCancellationInput): JobEvent {
  return {
    type: 'JobCanceled',
    data: {
      jobId: job.jobId,
      status: 'CANCELED',
      previousStatus: job.status,
      at: cancel.now.toISOString(),
      actor: cancel.actor,
      force: cancel.force,
      ...(cancel.reasonCode !== undefined ? { reasonCode: cancel.reasonCode } : {}),
      ...(cancel.comment !== undefined ? { comment: cancel.comment } : {}),
    },
  };
}

export interface PlannedExecutionCancellation {
  readonly jobId: string;
  readonly thingName: string;
  readonly executionNumber: number;
  readonly command: CancelJobExecution;
}

export function planExecutionCancellations(cancel: JobCancellationInput, executions: readonly ExecutionToCancel[]): PlannedExecutionCancellation[] {
  return executions
    .filter((execution) => cancelsExecution(cancel.force, execution.status))
    .map((execution) => ({
      jobId: execution.jobId,
      thingName: execution.thingName,
      executionNumber: execution.executionNumber,
      command: {
        type: 'CancelJobExecution',
        data: {
          force: cancel.force,
          origin: 'CancelJob',
          actor: cancel.actor,
          now: cancel.now,
          ...(cancel.reasonCode !== undefined ? { reasonCode: cancel.reasonCode } : {}),
          ...(cancel.comment !== undefined ? { comment: cancel.comment } : {}),
        },
      },
    }));
}

/** Whether CancelJob with `force` turns an execution in `status` to CANCELED. */
export function cancelsExecution(force: boolean, status: JobExecutionStatus): boolean {
  return status === 'QUEUED' || (status === 'IN_PROGRESS' && force);
}
