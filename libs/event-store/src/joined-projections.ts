import type { InlineProjection, PendingEvent, StatementBuilder, StreamWrite } from './types.js';

/** Projection statements to run inside an append statement, with their parameters. */
export interface JoinedProjections {
  statements: string[];
  values: unknown[];
}

/**
 * The inline projections of `write` as statements joined to an append statement, or undefined
 * when any projection that wants these events cannot do its work there (then the append takes the
 * transactional path, which runs `apply`). Only an exact expected version of an existing stream
 * qualifies: that is the guard the append statement checks. Parameters are numbered from
 * `firstParameter`; `guard` is the SQL condition true only when this write's version check passed.
 */
export function joinProjections(
  write: StreamWrite,
  projections: readonly InlineProjection[],
  firstParameter: number,
  guard: string,
): JoinedProjections | undefined {
  if (!isExactAppendToExistingStream(write)) return undefined;
  const expected = write.expectedVersion as number;
  const pending: PendingEvent[] = write.events.map((event, i) => ({
    type: event.type,
    data: event.data,
    streamId: write.streamId,
    streamVersion: expected + i + 1,
  }));
  const joined: JoinedProjections = { statements: [], values: [] };
  const sql: StatementBuilder = { param: (value) => `$${firstParameter + joined.values.push(value) - 1}`, guard };
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

export function isExactAppendToExistingStream(write: StreamWrite): boolean {
  const expected = write.expectedVersion;
  return typeof expected === 'number' && expected > 0 && write.events.length > 0;
}
