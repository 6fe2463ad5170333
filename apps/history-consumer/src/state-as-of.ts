import { foldEvents, jobExecutionDecider, type JobExecutionEvent, type JobExecutionState } from '#jobs/domain';
import type { HistoryEntry } from './history-queries.js';

/**
 * The execution stream's state rebuilt from its stored events with the domain's own decider, so
 * "state as of" can never disagree with how the service itself folds the same events.
 */
export function stateFromHistory(entries: readonly HistoryEntry[]): JobExecutionState {
  const events = entries.map((entry) => ({ type: entry.eventType, data: entry.payload.data }) as unknown as JobExecutionEvent);
  return foldEvents(jobExecutionDecider, events);
}
