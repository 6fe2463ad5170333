import type { JobExecutionView } from '../views.js';

/**
 * The execution StartNextPendingJobExecution and `$next` act on: an IN_PROGRESS one first, else
 * the oldest QUEUED one (docs/aws-behaviour.md §6.12). `pending` is in queueing order.
 */
export function pickNextPending(pending: readonly JobExecutionView[]): JobExecutionView | undefined {
  return pending.find((execution) => execution.status === 'IN_PROGRESS') ?? pending[0];
}
