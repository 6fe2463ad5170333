import { DomainError } from '../errors.js';
import type { SchedulingConfig } from '../job-config.js';
import type { StartScheduledJob } from './commands.js';
import type { JobEvent } from './events.js';
import type { JobState } from './state.js';

/**
 * Scheduled jobs (docs/aws-behaviour.md §21): a job created with a future `startTime` is SCHEDULED
 * (no executions) until then; the instant, stored as `startAt` in JobCreated, is a durable timer
 * that a sweep fires through StartScheduledJob. The job then becomes IN_PROGRESS and its rollout
 * starts as CreateJob would have started it.
 */

/** The earliest start AWS accepts, counted from the request. */
export const MIN_SCHEDULE_LEAD_MINUTES = 30;
/** The latest start AWS accepts: a year ahead (365 days; DECISIONS.md 50). */
export const MAX_SCHEDULE_LEAD_DAYS = 365;

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

/** The timer fired: a job still SCHEDULED whose start has come starts; anything else is no event. */
export function startScheduledJob(command: StartScheduledJob, state: JobState): JobEvent[] {
  const { data } = command;
  const job = state.job;
  if (job?.status !== 'SCHEDULED' || job.startAt === undefined || new Date(job.startAt) > data.now) return [];
  return [{ type: 'JobStarted', data: { jobId: job.jobId, status: 'IN_PROGRESS', at: data.now.toISOString(), actor: data.actor } }];
}
