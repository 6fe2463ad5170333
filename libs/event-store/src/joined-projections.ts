import type { InlineProjection, PendingEvent, StatementBuilder, StreamWrite } from './types.js';

/** Projection statements to run inside an append statement, with their parameters. */
export interface JoinedProjections {
  statements: string[];
  values: unknown[];
}

/**
 * The inline projections of `writes` as statements joined to an append statement, or undefined
 * when any projection that wants these events cannot do its work there (then the appends take the
 * transactional path, which runs `apply`). Only exact versions of existing streams qualify: that is
 * the check the append statement makes. Parameters are numbered from `firstParameter`; `guard`
 * gives the SQL condition true only when the check of a stream (an SQL expression) passed.
 */
export function joinProjections(
  writes: readonly StreamWrite[],
  projections: readonly InlineProjection[],
  firstParameter: number,
  guard: (streamId: string) => string,
): JoinedProjections | undefined {
  if (!writes.every(isExactAppendToExistingStream)) return undefined;
  const pending: PendingEvent[] = writes.flatMap((write) =>
    write.events.map((event, i) => ({
      type: event.type,
      data: event.data,
      streamId: write.streamId,
      streamVersion: (write.expectedVersion as number) + i + 1,
    })),
  );
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
