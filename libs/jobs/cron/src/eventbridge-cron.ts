import { Cron } from 'croner';
import type { CronCalendar } from '#jobs/domain';

/**
 * Maintenance-window cron expressions (docs/aws-behaviour.md §21.5) in the EventBridge form,
 * `cron(minute hour day-of-month month day-of-week year)` or the same six fields without the
 * wrapper, evaluated in UTC on croner (docs/adr/0019-eventbridge-cron-on-croner.md). The
 * adaptation is this file: croner's seven-field form puts a seconds field first (always 0 here),
 * counts weekdays 1 = Sunday … 7 = Saturday as EventBridge does (`alternativeWeekdays`), takes
 * EventBridge's `0/15` steps (`sloppyRanges`) and reads `?` as `*`. What EventBridge refuses and croner would take is refused before croner sees it.
 */
export class EventBridgeCronCalendar implements CronCalendar {
  private readonly parsed = new Map<string, Cron>();

  problem(expression: string): string | undefined {
    try {
      this.cron(expression);
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  nextAfter(expression: string, after: Date): Date | undefined {
    return this.cron(expression).nextRun(after) ?? undefined;
  }

  latestAtOrBefore(expression: string, at: Date): Date | undefined {
    // croner's previous runs are strictly before the date given; occurrences fall on whole seconds.
    return this.cron(expression).previousRuns(1, new Date(at.getTime() + 1))[0];
  }

  private cron(expression: string): Cron {
    let cron = this.parsed.get(expression);
    if (cron === undefined) {
      cron = new Cron(crontab(expression), { mode: '7-part', alternativeWeekdays: true, sloppyRanges: true, timezone: 'UTC', paused: true });
      // A handful of expressions per job; the bound only keeps a long-running service from hoarding them.
      if (this.parsed.size >= 1000) this.parsed.clear();
      this.parsed.set(expression, cron);
    }
    return cron;
  }
}

const WRAPPED = /^cron\((.*)\)$/s;
const WILDCARD = new Set(['*', '?']);

/** The croner pattern of an EventBridge expression; anything EventBridge would refuse throws, naming why. */
export function crontab(expression: string): string {
  const body = WRAPPED.exec(expression.trim())?.[1] ?? expression;
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) {
    throw new Error(`expected six fields (minute hour day-of-month month day-of-week year), got ${body.trim() === '' ? 0 : fields.length}`);
  }
  const [minute, hour, dayOfMonth, month, dayOfWeek, year] = fields as [string, string, string, string, string, string];
  fields.forEach((field, index) => {
    if (field.includes('?') && field !== '?') throw new Error(`"${field}": ? stands alone`);
    if (field === '?' && index !== 2 && index !== 4) throw new Error('? is allowed only in day-of-month and day-of-week');
    if (field.includes('+')) throw new Error(`"${field}": + is not part of the cron format`);
  });
  if (!WILDCARD.has(dayOfMonth) && !WILDCARD.has(dayOfWeek)) {
    throw new Error('day-of-month and day-of-week cannot both be set: one of them must be ?');
  }
  // EventBridge counts weekdays 1-7 (SUN-SAT); croner in this mode would also take 8 and read it as Sunday.
  for (const number of dayOfWeek.replace(/#\d+/g, '').match(/\d+/g) ?? []) {
    if (Number(number) < 1 || Number(number) > 7) throw new Error(`day-of-week ${number} is not 1-7 (SUN-SAT)`);
  }
  return ['0', minute, hour, dayOfMonth, month, dayOfWeek, year].join(' ');
}
