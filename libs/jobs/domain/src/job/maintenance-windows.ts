import { DomainError } from '../errors.js';
import type { MaintenanceWindow, SchedulingConfig } from '../job-config.js';
import { parseScheduleTime } from './schedule.js';

/**
 * Maintenance windows (docs/aws-behaviour.md §21.5–21.7): a job's rollout runs only from an occurrence of
 * a window's cron expression to that plus its duration. The arithmetic is here; reading a cron
 * expression is not: the domain imports nothing, so the calendar below is a port, served by the
 * EventBridge-cron adapter on croner (docs/adr/0019-eventbridge-cron-on-croner.md).
 */

/** What the domain needs of a cron expression. Every instant is UTC. */
export interface CronCalendar {
  /** Why `expression` is not a cron expression this service reads; undefined when it is one. */
  problem(expression: string): string | undefined;
  /** The first occurrence strictly after `after`, or undefined when there is none. */
  nextAfter(expression: string, after: Date): Date | undefined;
  /** The last occurrence at or before `at`, or undefined when there is none. */
  latestAtOrBefore(expression: string, at: Date): Date | undefined;
}

/** The AWS model sets no limit on the list; this one keeps the arithmetic bounded (DECISIONS.md 58). */
export const MAX_MAINTENANCE_WINDOWS = 10;
export const MAX_WINDOW_DURATION_MINUTES = 1430;
/** DescribeJob lists the next seven window starts. */
export const SCHEDULED_ROLLOUTS_LISTED = 7;

/** Where `now` stands: inside a window until `closesAt`, or outside until `opensAt` (none: never again). */
export type WindowAt = { readonly open: true; readonly closesAt: Date } | { readonly open: false; readonly opensAt?: Date };

export function maintenanceWindowsOf(config: SchedulingConfig | undefined): readonly MaintenanceWindow[] | undefined {
  const windows = config?.maintenanceWindows;
  return windows !== undefined && windows.length > 0 ? windows : undefined;
}

/**
 * Each window's cron must parse and occur at least once after `from` (the job's start), and its
 * duration be 1–1430 minutes; the error names the member, e.g. `schedulingConfig.maintenanceWindows[0].startTime`.
 */
export function assertMaintenanceWindows(
  member: string,
  windows: readonly MaintenanceWindow[] | undefined,
  calendar: CronCalendar,
  from: Date,
): void {
  if (windows === undefined) return;
  if (windows.length > MAX_MAINTENANCE_WINDOWS) {
    throw new DomainError('InvalidRequest', `${member} may hold at most ${MAX_MAINTENANCE_WINDOWS} windows, not ${windows.length}`);
  }
  windows.forEach((window, index) => {
    const at = `${member}[${index}]`;
    const { durationInMinutes: minutes } = window;
    if (!(Number.isInteger(minutes) && minutes >= 1 && minutes <= MAX_WINDOW_DURATION_MINUTES)) {
      throw new DomainError(
        'InvalidRequest',
        `${at}.durationInMinutes must be a whole number from 1 to ${MAX_WINDOW_DURATION_MINUTES}, not ${minutes}`,
      );
    }
    const problem = calendar.problem(window.startTime);
    if (problem !== undefined) {
      throw new DomainError(
        'InvalidRequest',
        `${at}.startTime must be a cron expression such as cron(0 2 * * ? *) (minute hour day-of-month month day-of-week year, UTC): ${problem}`,
      );
    }
    if (calendar.nextAfter(window.startTime, from) === undefined) {
      throw new DomainError('InvalidRequest', `${at}.startTime ${window.startTime} has no occurrence after ${from.toISOString()}`);
    }
  });
}

/**
 * Inside or outside the windows at `now`. A window that began at or before `now` is open while
 * `now` is before its end; of several open ones the latest end counts (the rollout looks again
 * then, so a window that overlaps it carries on). Outside, the earliest next start opens one.
 */
export function windowAt(windows: readonly MaintenanceWindow[], calendar: CronCalendar, now: Date): WindowAt {
  let closesAt: Date | undefined;
  let opensAt: Date | undefined;
  for (const window of windows) {
    const began = calendar.latestAtOrBefore(window.startTime, now);
    const ends = began && new Date(began.getTime() + window.durationInMinutes * 60_000);
    if (ends && ends > now && (closesAt === undefined || ends > closesAt)) closesAt = ends;
    const next = calendar.nextAfter(window.startTime, now);
    if (next && (opensAt === undefined || next < opensAt)) opensAt = next;
  }
  if (closesAt !== undefined) return { open: true, closesAt };
  return opensAt === undefined ? { open: false } : { open: false, opensAt };
}

/**
 * DescribeJob's `scheduledJobRollouts`: the next window starts (seven, merged over the windows,
 * without repeats) after `now` and not before the job's startTime nor after its endTime, each as
 * `YYYY-MM-DDTHH:MM` in UTC.
 */
export function scheduledJobRollouts(
  config: SchedulingConfig | undefined,
  calendar: CronCalendar,
  now: Date,
): Array<{ startTime: string }> | undefined {
  const windows = maintenanceWindowsOf(config);
  if (windows === undefined) return undefined;
  const start = config?.startTime === undefined ? undefined : parseScheduleTime('schedulingConfig.startTime', config.startTime);
  const end = config?.endTime === undefined ? undefined : parseScheduleTime('schedulingConfig.endTime', config.endTime);
  // Occurrences strictly after `after`: after now, and at startTime itself when that is later.
  const after = start !== undefined && start > now ? new Date(start.getTime() - 1) : now;
  const starts = new Set<string>();
  for (const window of windows) {
    let at = after;
    for (let taken = 0; taken < SCHEDULED_ROLLOUTS_LISTED; taken++) {
      const next = calendar.nextAfter(window.startTime, at);
      if (next === undefined || (end !== undefined && next > end)) break;
      starts.add(next.toISOString().slice(0, 16));
      at = next;
    }
  }
  return [...starts]
    .sort()
    .slice(0, SCHEDULED_ROLLOUTS_LISTED)
    .map((startTime) => ({ startTime }));
}
