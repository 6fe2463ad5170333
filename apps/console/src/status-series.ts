import type { HistoryEvent } from './history.js';

export const SERIES_STATUSES = ['QUEUED', 'IN_PROGRESS', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'REJECTED', 'REMOVED', 'CANCELED'] as const;

export interface StatusSeries {
  /** Seconds since the epoch, one per execution event. */
  times: number[];
  counts: Record<(typeof SERIES_STATUSES)[number], number[]>;
}

/**
 * Replays a job's execution events into "things per status" after each event: every thing counts
 * once, under the status of its latest event, and leaves the count when its execution is deleted.
 * Events must be in the history's order (global position).
 */
export function statusSeries(events: readonly HistoryEvent[]): StatusSeries {
  const current = new Map<string, string>();
  const tally = new Map<string, number>(SERIES_STATUSES.map((s) => [s, 0]));
  const series: StatusSeries = { times: [], counts: Object.fromEntries(SERIES_STATUSES.map((s) => [s, []])) as unknown as StatusSeries['counts'] };
  const move = (status: string | undefined, by: number) => status !== undefined && tally.has(status) && tally.set(status, tally.get(status)! + by);
  for (const event of events) {
    if (!event.thingName) continue;
    move(current.get(event.thingName), -1);
    if (event.eventType === 'JobExecutionDeleted' || !event.status) current.delete(event.thingName);
    else {
      current.set(event.thingName, event.status);
      move(event.status, +1);
    }
    const seconds = Date.parse(event.occurredAt) / 1000;
    // Events in the same instant make one point: the chart shows where things stood after them.
    if (series.times.at(-1) === seconds) for (const s of SERIES_STATUSES) series.counts[s].pop();
    else series.times.push(seconds);
    for (const s of SERIES_STATUSES) series.counts[s].push(tally.get(s)!);
  }
  return series;
}
