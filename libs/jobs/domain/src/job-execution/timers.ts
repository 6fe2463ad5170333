import type { TimeoutConfig } from '../job-config.js';
import type { TimerDeadlines } from './events.js';
import type { JobExecution } from './state.js';

/** Timer arithmetic of docs/aws-behaviour.md §7.7. Deadlines are absolute so the service can poll "due" timers. */

const MINUTE_MS = 60_000;

export function addMinutes(at: Date, minutes: number): Date {
  return new Date(at.getTime() + minutes * MINUTE_MS);
}

/** The in-progress timer starts when the execution becomes IN_PROGRESS and never moves. */
export function inProgressDeadline(timeoutConfig: TimeoutConfig | undefined, startedAt: Date): Date | undefined {
  const minutes = timeoutConfig?.inProgressTimeoutInMinutes;
  return minutes === undefined ? undefined : addMinutes(startedAt, minutes);
}

/**
 * A new step timeout replaces the running step timer, −1 clears it, absent keeps it. It cannot
 * reach past the in-progress deadline.
 */
export function nextStepDeadline(
  current: Date | undefined,
  stepTimeoutInMinutes: number | undefined,
  now: Date,
  inProgress: Date | undefined,
): Date | undefined {
  if (stepTimeoutInMinutes === undefined) return current;
  if (stepTimeoutInMinutes === -1) return undefined;
  return earliest(addMinutes(now, stepTimeoutInMinutes), inProgress);
}

export function earliest(a: Date | undefined, b: Date | undefined): Date | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a.getTime() <= b.getTime() ? a : b;
}

export function deadlinesFor(step: Date | undefined, inProgress: Date | undefined): TimerDeadlines {
  const timeoutAt = earliest(step, inProgress);
  return {
    ...(step ? { stepTimeoutAt: step.toISOString() } : {}),
    ...(timeoutAt ? { timeoutAt: timeoutAt.toISOString() } : {}),
  };
}

export interface ExpiredTimer {
  readonly timer: 'IN_PROGRESS' | 'STEP';
  readonly deadline: Date;
}

/** The timer that has expired by `now` (the earlier one if both have), or undefined. */
export function expiredTimer(execution: JobExecution, now: Date): ExpiredTimer | undefined {
  const candidates: ExpiredTimer[] = [];
  if (execution.stepTimeoutAt) candidates.push({ timer: 'STEP', deadline: execution.stepTimeoutAt });
  if (execution.inProgressTimeoutAt) candidates.push({ timer: 'IN_PROGRESS', deadline: execution.inProgressTimeoutAt });
  const due = candidates.filter((candidate) => candidate.deadline.getTime() <= now.getTime());
  due.sort((a, b) => a.deadline.getTime() - b.deadline.getTime());
  return due[0];
}

/** Whole seconds until the execution times out, for `approximateSecondsBeforeTimedOut`. */
export function secondsBeforeTimedOut(execution: JobExecution, now: Date): number | undefined {
  if (execution.timeoutAt === undefined) return undefined;
  return Math.max(0, Math.floor((execution.timeoutAt.getTime() - now.getTime()) / 1000));
}
