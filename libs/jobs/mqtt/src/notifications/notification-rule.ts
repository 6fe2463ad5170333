/**
 * When a thing's devices hear about its pending jobs. The pending list holds the thing's QUEUED
 * and IN_PROGRESS executions, IN_PROGRESS first, then in queueing order; its first entry, the
 * front, is what `$next` and start-next act on.
 *
 * - `notify` goes out when the pending SET changed: an execution joined or left it (created,
 *   retried, ended, canceled, deleted). A change of state inside the set (QUEUED → IN_PROGRESS,
 *   new statusDetails) is not a change of the set.
 * - `notify-next` goes out when the FRONT changed (another job, or another execution number of the
 *   same job), including becoming empty.
 *
 * So a device starting its front job hears nothing, and one whose IN_PROGRESS job is canceled
 * hears both.
 */
export interface PendingKey {
  jobId: string;
  executionNumber: number;
}

export interface NotificationDecision {
  notify: boolean;
  notifyNext: boolean;
}

export function notificationsFor(previous: readonly PendingKey[], current: readonly PendingKey[]): NotificationDecision {
  return { notify: !sameSet(previous, current), notifyNext: !sameKey(previous[0], current[0]) };
}

/** Pending executions in the order devices see them: IN_PROGRESS first, each group in queueing order. */
export function inPendingOrder<T extends { status: string }>(pendingInQueueOrder: readonly T[]): T[] {
  return [
    ...pendingInQueueOrder.filter((execution) => execution.status === 'IN_PROGRESS'),
    ...pendingInQueueOrder.filter((execution) => execution.status !== 'IN_PROGRESS'),
  ];
}

function sameSet(a: readonly PendingKey[], b: readonly PendingKey[]): boolean {
  if (a.length !== b.length) return false;
  const keys = new Set(a.map(keyOf));
  return b.every((entry) => keys.has(keyOf(entry)));
}

function sameKey(a: PendingKey | undefined, b: PendingKey | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.jobId === b.jobId && a.executionNumber === b.executionNumber;
}

function keyOf(entry: PendingKey): string {
  return `${entry.executionNumber}/${entry.jobId}`;
}
