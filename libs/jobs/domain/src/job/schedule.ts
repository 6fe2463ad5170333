import { DomainError } from '../errors.js';
import { END_BEHAVIORS, type EndBehavior, type SchedulingConfig } from '../job-config.js';
import { jobCanceled } from './cancellation.js';
import type { EndScheduledJob, StartScheduledJob } from './commands.js';
import type { JobEvent } from './events.js';
import type { JobState } from './state.js';

/**
 * Scheduled jobs (docs/aws-behaviour.md §21): a job created with a future `startTime` is SCHEDULED
 * (no executions) until then; the instant, stored as `startAt` in JobCreated, is a durable timer
 * that a sweep fires through StartScheduledJob. The job then becomes IN_PROGRESS and its rollout
 * starts as CreateJob would have started it. An `endTime` (stored as `endAt`) is the second timer:
 * EndScheduledJob then stops the rollout or cancels the job, as `endBehavior` says (§21.4).
 */

/** The earliest start AWS accepts, counted from the request. */
export const MIN_SCHEDULE_LEAD_MINUTES = 30;
/** The latest start AWS accepts: a year ahead (365 days; DECISIONS.md 50). */
export const MAX_SCHEDULE_LEAD_DAYS = 365;
/** The latest end AWS accepts, from the request and from the start: two years (730 days; DECISIONS.md 53). */
export const MAX_SCHEDULE_END_DAYS = 730;
/** The reasonCode of a job canceled by its endBehavior (CANCEL, FORCE_CANCEL): not a user's cancel (DECISIONS.md 54). */
export const SCHEDULED_END_REASON_CODE = 'SCHEDULED_END';

const SCHEDULE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?$/;

/** `YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM]`, UTC without an offset; anything else is InvalidRequest. */
export function parseScheduleTime(member: string, value: string): Date {
  const match = SCHEDULE_TIME.exec(value);
  const [, year, month, day, hour, minute, second = '00', fraction = '0', offset = 'Z'] = match ?? [];
  const at = match ? new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}.${fraction.padEnd(3, '0')}${offset}`) : undefined;
  // Date accepts 2030-02-31 and rolls it over; the calendar check below refuses it instead.
  const calendarDay = match ? new Date(Date.UTC(Number(year), Number(month) - 1, Number(day))) : undefined;
  if (at === undefined || Number.isNaN(at.getTime()) || calendarDay?.getUTCDate() !== Number(day) || Number(hour) > 23 || Number(second) > 59) {
    throw new DomainError(
      'InvalidRequest',
      `${member} must be an ISO-8601 date and time such as 2030-01-31T14:30 or 2030-01-31T14:30:00Z, not ${value}`,
    );
  }
  return at;
}

/** The instant the job starts, or undefined when it starts at once (no startTime). */
export function scheduledStart(config: SchedulingConfig | undefined, now: Date): Date | undefined {
  if (config?.startTime === undefined) return undefined;
  const start = parseScheduleTime('schedulingConfig.startTime', config.startTime);
  const earliest = new Date(now.getTime() + MIN_SCHEDULE_LEAD_MINUTES * 60_000);
  const latest = new Date(now.getTime() + MAX_SCHEDULE_LEAD_DAYS * 86_400_000);
  if (start < earliest || start > latest) {
    throw new DomainError(
      'InvalidRequest',
      `schedulingConfig.startTime must be between ${MIN_SCHEDULE_LEAD_MINUTES} minutes and ${MAX_SCHEDULE_LEAD_DAYS} days from now (${earliest.toISOString()} to ${latest.toISOString()}), not ${config.startTime}`,
    );
  }
  return start;
}

/**
 * The instant the job ends (its rollout stops or it is canceled), or undefined without an endTime.
 * The end lies between 30 minutes and two years after the request and, with a startTime, between
 * 30 minutes and two years after the start. Exported for whatever else is bounded by the end
 * (maintenance windows).
 */
export function scheduledEnd(config: SchedulingConfig | undefined, now: Date): Date | undefined {
  if (config?.endBehavior !== undefined && !END_BEHAVIORS.includes(config.endBehavior)) {
    throw new DomainError('InvalidRequest', `schedulingConfig.endBehavior must be one of ${END_BEHAVIORS.join(', ')}, not ${config.endBehavior}`);
  }
  if (config?.endTime === undefined) return undefined;
  const end = parseScheduleTime('schedulingConfig.endTime', config.endTime);
  assertWithin(end, now, 'from now', config.endTime);
  if (config.startTime !== undefined) {
    assertWithin(end, parseScheduleTime('schedulingConfig.startTime', config.startTime), 'after schedulingConfig.startTime', config.endTime);
  }
  return end;
}

/** What the end does: endBehavior, STOP_ROLLOUT when absent (docs/aws-behaviour.md §21.4). */
export function endBehaviorOf(config: SchedulingConfig | undefined): EndBehavior {
  return config?.endBehavior ?? 'STOP_ROLLOUT';
}

function assertWithin(end: Date, from: Date, fromWhat: string, written: string): void {
  const earliest = new Date(from.getTime() + MIN_SCHEDULE_LEAD_MINUTES * 60_000);
  const latest = new Date(from.getTime() + MAX_SCHEDULE_END_DAYS * 86_400_000);
  if (end < earliest || end > latest) {
    throw new DomainError(
      'InvalidRequest',
      `schedulingConfig.endTime must be between ${MIN_SCHEDULE_LEAD_MINUTES} minutes and ${MAX_SCHEDULE_END_DAYS} days ${fromWhat} (${earliest.toISOString()} to ${latest.toISOString()}), not ${written}`,
    );
  }
}

/** The timer fired: a job still SCHEDULED whose start has come starts; anything else is no event. */
export function startScheduledJob(command: StartScheduledJob, state: JobState): JobEvent[] {
  const { data } = command;
  const job = state.job;
  if (job?.status !== 'SCHEDULED' || job.startAt === undefined || new Date(job.startAt) > data.now) return [];
  return [{ type: 'JobStarted', data: { jobId: job.jobId, status: 'IN_PROGRESS', at: data.now.toISOString(), actor: data.actor } }];
}

/**
 * The end timer fired (docs/aws-behaviour.md §21.4). Only an IN_PROGRESS job whose end has come
 * ends, once: a job still SCHEDULED waits for its start (the start comes first), one canceled,
 * completed, being deleted or already stopped is no event. STOP_ROLLOUT gives JobRolloutStopped;
 * CANCEL and FORCE_CANCEL give the JobCanceled of a CancelJob without and with force, with a
 * reasonCode that tells it from a user's cancel.
 */
export function endScheduledJob(command: EndScheduledJob, state: JobState): JobEvent[] {
  const { data } = command;
  const job = state.job;
  if (job?.status !== 'IN_PROGRESS' || job.endAt === undefined || job.rolloutStoppedAt !== undefined) return [];
  if (new Date(job.endAt) > data.now) return [];
  const at = data.now.toISOString();
  const endTime = job.schedulingConfig?.endTime ?? job.endAt;
  const behavior = endBehaviorOf(job.schedulingConfig);
  if (behavior === 'STOP_ROLLOUT') {
    return [{ type: 'JobRolloutStopped', data: { jobId: job.jobId, status: 'IN_PROGRESS', at, actor: data.actor, endTime, endBehavior: behavior } }];
  }
  const cancel = {
    force: behavior === 'FORCE_CANCEL',
    reasonCode: SCHEDULED_END_REASON_CODE,
    comment: `schedulingConfig.endTime ${endTime} was reached; endBehavior ${behavior}`,
    actor: data.actor,
    now: data.now,
  };
  return [jobCanceled(job, cancel)];
}
