import type { CronCalendar as DomainCronCalendar } from '#jobs/domain';

/**
 * Reads the cron expressions of maintenance windows (docs/aws-behaviour.md §21.5). The domain does
 * the window arithmetic over it; the service binds the EventBridge-cron adapter on croner
 * (docs/adr/0019-eventbridge-cron-on-croner.md).
 */
export abstract class CronCalendar implements DomainCronCalendar {
  abstract problem(expression: string): string | undefined;
  abstract nextAfter(expression: string, after: Date): Date | undefined;
  abstract latestAtOrBefore(expression: string, at: Date): Date | undefined;
}
