/**
 * How fast job-wide work (cancelling or deleting every execution of a job) may go, so that one
 * operator's CancelJob on 100,000 executions does not starve the devices' own traffic. AWS applies
 * such work at about 1,000 executions a minute; faster is fine.
 */
export abstract class JobWideWorkPace {
  /** Executions changed per second, at most. */
  abstract readonly executionsPerSecond: number;
  /** Changes in flight at once (concurrent one-stream appends share statements in the store). */
  abstract readonly concurrency: number;
}

/**
 * Runs `work` for each item, `pace.concurrency` at a time, never faster than
 * `pace.executionsPerSecond`. The wait is only pacing: the work itself is found again from stored
 * state after a crash, so nothing is lost with it.
 */
export async function paced<T>(
  items: readonly T[],
  pace: JobWideWorkPace,
  stopping: AbortSignal,
  work: (item: T) => Promise<unknown>,
): Promise<void> {
  const started = Date.now();
  for (let from = 0; from < items.length; from += pace.concurrency) {
    stopping.throwIfAborted();
    await Promise.all(items.slice(from, from + pace.concurrency).map(work));
    const done = Math.min(from + pace.concurrency, items.length);
    const due = started + (done * 1000) / pace.executionsPerSecond;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
