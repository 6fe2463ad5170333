import {
  JOB_EXECUTION_STATUSES,
  jobExecutionDecider,
  type JobExecutionCommand,
  type JobExecutionEvent,
  type JobExecutionState,
  type JobExecutionStatus,
  type StatusDetails,
  type TimeoutConfig,
} from '#jobs/domain';

/** Builders for job-execution commands and histories, with a fixed clock so every field is known. */

export const T0 = new Date('2026-01-01T00:00:00.000Z');
export const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);
export const JOB = 'job-1';
export const THING = 'thing-1';
export const THING_ARN = `arn:aws:iot:us-east-1:123456789012:thing/${THING}`;
const actor = 'tester';

export const queue = (now = T0, reason: 'ROLLOUT' | 'REQUEUE' = 'ROLLOUT', timeoutConfig?: TimeoutConfig): JobExecutionCommand => ({
  type: 'QueueJobExecution',
  data: { jobId: JOB, thingName: THING, thingArn: THING_ARN, reason, actor, now, ...(timeoutConfig ? { timeoutConfig } : {}) },
});

export const start = (
  data: { statusDetails?: StatusDetails; stepTimeoutInMinutes?: number; executionNumber?: number } = {},
  now = at(1),
): JobExecutionCommand => ({
  type: 'StartJobExecution',
  data: { actor: 'device', now, ...data },
});

export const update = (
  status: JobExecutionStatus,
  data: { statusDetails?: StatusDetails; expectedVersion?: number; executionNumber?: number; stepTimeoutInMinutes?: number } = {},
  now = at(2),
): JobExecutionCommand => ({ type: 'UpdateJobExecution', data: { status, actor: 'device', now, ...data } });

export const cancel = (
  force: boolean,
  data: { expectedVersion?: number; statusDetails?: StatusDetails; origin?: 'CancelJob'; reasonCode?: string; comment?: string } = {},
  now = at(3),
): JobExecutionCommand => ({ type: 'CancelJobExecution', data: { force, actor, now, ...data } });

export const timeOut = (now: Date, executionNumber?: number): JobExecutionCommand => ({
  type: 'TimeOutJobExecution',
  data: { actor: 'service', now, ...(executionNumber !== undefined ? { executionNumber } : {}) },
});

export const remove = (executionNumber: number, force: boolean, now = at(4)): JobExecutionCommand => ({
  type: 'DeleteJobExecution',
  data: { executionNumber, force, actor, now },
});

/** The thing left the job's targets (or was deleted): its pending execution becomes REMOVED. */
export const leave = (executionNumber?: number, now = at(4), reason: 'LEFT_TARGETS' | 'THING_DELETED' = 'LEFT_TARGETS'): JobExecutionCommand => ({
  type: 'RemoveJobExecution',
  data: { reason, actor: 'service', now, ...(executionNumber !== undefined ? { executionNumber } : {}) },
});

/** Runs commands from the empty stream and returns the whole history (commands must succeed). */
export function historyOf(...commands: JobExecutionCommand[]): JobExecutionEvent[] {
  const events: JobExecutionEvent[] = [];
  let state: JobExecutionState = jobExecutionDecider.initialState();
  for (const command of commands) {
    for (const event of jobExecutionDecider.decide(command, state)) {
      events.push(event);
      state = jobExecutionDecider.evolve(state, event);
    }
  }
  return events;
}

export function stateOf(events: readonly JobExecutionEvent[]): JobExecutionState {
  return events.reduce(jobExecutionDecider.evolve, jobExecutionDecider.initialState());
}

/** A history that leaves the single execution in `status`. */
export function historyIn(status: JobExecutionStatus): JobExecutionEvent[] {
  const details = { step: 'x' };
  switch (status) {
    case 'QUEUED':
      return historyOf(queue());
    case 'IN_PROGRESS':
      return historyOf(queue(), start({ statusDetails: details }));
    case 'SUCCEEDED':
    case 'FAILED':
    case 'REJECTED':
      return historyOf(queue(), start({ statusDetails: details }), update(status));
    case 'TIMED_OUT':
      return historyOf(queue(), start({ statusDetails: details, stepTimeoutInMinutes: 5 }), timeOut(at(10)));
    case 'CANCELED':
      return historyOf(queue(), cancel(false));
    case 'REMOVED':
      return historyOf(queue(), start({ statusDetails: details }), leave());
  }
}

/** Statuses a history can reach: all of them (REMOVED since thing groups and DeleteThing). */
export const REACHABLE_STATUSES: readonly JobExecutionStatus[] = JOB_EXECUTION_STATUSES;
