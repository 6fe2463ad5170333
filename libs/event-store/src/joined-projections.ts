import { BUMPED, FIRST_JOINED_PARAMETER } from './append.js';
import type { InlineProjection, PendingEvent, StatementBuilder, StreamWrite } from './types.js';

/** Projection statements to run inside a one-stream append statement, with their parameters. */
export interface JoinedProjections {
  statements: string[];
  values: unknown[];
}

/**
 * The inline projections of `write` as statements joined to the append statement, or undefined
 * when any projection that wants these events cannot do its work there (then the append takes the
 * transactional path, which runs `apply`). Only an exact expected version of an existing stream
 * qualifies: that is the guard the one-statement append checks.
 */
export function joinProjections(write: StreamWrite, projections: readonly InlineProjection[]): JoinedProjections | undefined {
  const expected = write.expectedVersion;
  if (typeof expected !== 'number' || expected <= 0 || write.events.length === 0) return undefined;
  const pending: PendingEvent[] = write.events.map((event, i) => ({
    type: event.type,
    data: event.data,
    streamId: write.streamId,
    streamVersion: expected + i + 1,
  }));
  const joined: JoinedProjections = { statements: [], values: [] };
  const sql: StatementBuilder = {
    param: (value) => `$${FIRST_JOINED_PARAMETER + joined.values.push(value) - 1}`,
    guard: BUMPED,
  };
  for (const projection of projections) {
    const handles = projection.handles;
    const relevant = handles === undefined ? pending : pending.filter((event) => handles.includes(event.type));
    if (relevant.length === 0) continue;
    const statements = projection.inAppendStatement?.(relevant, sql);
    if (statements === undefined) return undefined;
    joined.statements.push(...statements);
  }
  return joined;
}
