import type { JobExecutionEvent } from './events.js';
import { evolveJobExecution } from './evolve.js';
import { initialJobExecutionState, type JobExecution, type JobExecutionState } from './state.js';

/**
 * Snapshots of one execution stream's state, stored as JSON. Bump this whenever the shape of
 * JobExecutionState (or what evolve puts in it) changes: snapshots of another version are ignored
 * and the stream is folded from its first event instead, so a stale snapshot can never be read as
 * the new shape.
 */
export const JOB_EXECUTION_SNAPSHOT_SCHEMA_VERSION = 1;

/** The members of JobExecution that hold Dates: JSON turns them into ISO strings. */
const DATE_MEMBERS = ['queuedAt', 'startedAt', 'lastUpdatedAt', 'inProgressTimeoutAt', 'stepTimeoutAt', 'timeoutAt'] as const;

/** The state as plain JSON (Dates as ISO strings, absent optionals left out). */
export function encodeJobExecutionState(state: JobExecutionState): Record<string, unknown> {
  return JSON.parse(JSON.stringify(state)) as Record<string, unknown>;
}

/** The inverse of encodeJobExecutionState: Dates are revived member by member, nothing else changes. */
export function decodeJobExecutionState(encoded: unknown): JobExecutionState {
  const plain = encoded as { lastExecutionNumber: number; executions: Array<Record<string, unknown>>; retriesUsed: JobExecutionState['retriesUsed'] };
  return {
    lastExecutionNumber: plain.lastExecutionNumber,
    retriesUsed: { ...plain.retriesUsed },
    executions: plain.executions.map(reviveDates),
  };
}

function reviveDates(execution: Record<string, unknown>): JobExecution {
  const revived: Record<string, unknown> = { ...execution };
  for (const member of DATE_MEMBERS) {
    const value = execution[member];
    if (typeof value === 'string') revived[member] = new Date(value);
  }
  return revived as unknown as JobExecution;
}

/**
 * A stream's state from its snapshot (if any) and the events after it: the one fold both the
 * command side and the snapshot writer use, so they cannot disagree about what a snapshot means.
 */
export function jobExecutionStateFrom(snapshot: { state: unknown } | undefined, tail: readonly JobExecutionEvent[]): JobExecutionState {
  const start = snapshot ? decodeJobExecutionState(snapshot.state) : initialJobExecutionState();
  return tail.reduce(evolveJobExecution, start);
}
