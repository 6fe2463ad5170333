/** The cron calendar of maintenance windows: EventBridge cron expressions on croner (ADR 19). */
export { EventBridgeCronCalendar, crontab } from './eventbridge-cron.js';
