import type { JobExecutionView } from '#jobs/application';
import { timestampOf, toMqttExecution, toMqttSummary } from '../device-views.js';

/** `notify` shows at most this many pending executions. */
const MAX_NOTIFIED = 10;

/**
 * `notify` (JobExecutionsChanged): `{timestamp, jobs: {IN_PROGRESS?: [...], QUEUED?: [...]}}` with
 * at most ten summaries; a status with none is left out, so nothing pending is `"jobs": {}`.
 */
export function notifyPayload(pendingInOrder: readonly JobExecutionView[], now: Date): Record<string, unknown> {
  const shown = pendingInOrder.slice(0, MAX_NOTIFIED);
  const jobs: Record<string, unknown> = {};
  for (const status of ['IN_PROGRESS', 'QUEUED'] as const) {
    const summaries = shown.filter((execution) => execution.status === status).map(toMqttSummary);
    if (summaries.length > 0) jobs[status] = summaries;
  }
  return { timestamp: timestampOf(now), jobs };
}

/** `notify-next` (NextJobExecutionChanged): the front execution in full, or only the timestamp. */
export function notifyNextPayload(front: JobExecutionView | undefined, jobDocument: string | undefined, now: Date): Record<string, unknown> {
  if (front === undefined) return { timestamp: timestampOf(now) };
  const execution = toMqttExecution(jobDocument === undefined ? front : { ...front, jobDocument }, now);
  return { timestamp: timestampOf(now), execution };
}
