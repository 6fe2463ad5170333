import { asConcurrencyError, insertEventsEnd, insertParameters, INSERT_EVENTS, inWriteOrder, resultOf } from './append.js';
import { ConcurrencyError } from './errors.js';
import { joinProjections } from './joined-projections.js';
import type { EventRow } from './rows.js';
import { streamVersion } from './read.js';
import type { AppendResult, InlineProjection, Queryable, StreamWrite } from './types.js';

/** What one write of a combined append came to: stored, or refused by its version check. */
export type CombinedOutcome = AppendResult | ConcurrencyError;

/** Parameters of the statement itself: $1-$8 the events (insertParameters), then these three. */
const STREAM_IDS = 9;
const EXPECTED_VERSIONS = 10;
const EVENT_COUNTS = 11;
const FIRST_JOINED_PARAMETER = 12;

/**
 * Several one-stream appends (each an exact version of an existing stream, with distinct streams)
 * in ONE autocommit statement: one guarded version bump per stream, the events of the streams whose
 * check passed, and the joined projection statements, each row they change guarded by the check of
 * its own stream. A write whose check failed changes nothing and comes back as a ConcurrencyError
 * naming the actual version; the others are stored. The statement as a whole fails (nothing
 * stored) on any error, e.g. an event id that is already stored (a retry), which comes back as a
 * ConcurrencyError for a lone write.
 *
 * `writes` must be combinable: `planCombinedAppend` says which are.
 */
export async function appendCombined(db: Queryable, plan: CombinedAppendPlan): Promise<CombinedOutcome[]> {
  const { writes } = plan;
  let rows: EventRow[];
  try {
    ({ rows } = await db.query<EventRow>(plan.text, plan.values));
  } catch (error) {
    throw writes.length === 1 ? asConcurrencyError(error, writes) : error;
  }
  // A write's events all came back, or none did (its check failed): rows are keyed by event id.
  const returned = new Set(rows.map((row) => row.event_id));
  const stored = inWriteOrder(writes, rows);
  return Promise.all(
    writes.map(async (write) => {
      if (returned.has(write.events[0]!.eventId.toLowerCase())) return resultOf(stored.get(write)!);
      return new ConcurrencyError(write.streamId, write.expectedVersion, await streamVersion(db, write.streamId));
    }),
  );
}

export interface CombinedAppendPlan {
  /** The writes in the statement, in its order. */
  writes: StreamWrite[];
  text: string;
  values: unknown[];
}

/**
 * The statement for the writes whose projections can join it; the others (`alone`) need the
 * transactional path. The text does not depend on how many writes there are (every list is an
 * array parameter), so each connection prepares and plans it once. `stream_id = ANY(...)` offers
 * the planner the index path (a join with the unnest alone was planned as a sequential scan and
 * kept); it takes it once the table has statistics, and an ANALYZE replaces a plan made earlier.
 */
export function planCombinedAppend(
  candidates: readonly StreamWrite[],
  projections: readonly InlineProjection[],
): { plan: CombinedAppendPlan | undefined; alone: StreamWrite[] } {
  let writes = [...candidates];
  let joined = joinProjections(writes, projections, FIRST_JOINED_PARAMETER, bumped);
  if (joined === undefined) {
    // Some write cannot join (rare: e.g. its stream is due a snapshot): it goes alone.
    writes = candidates.filter((write) => joinProjections([write], projections, FIRST_JOINED_PARAMETER, bumped) !== undefined);
    joined = writes.length > 0 ? joinProjections(writes, projections, FIRST_JOINED_PARAMETER, bumped) : undefined;
    if (joined === undefined) writes = [];
  }
  const alone = candidates.filter((write) => !writes.includes(write));
  if (joined === undefined || writes.length === 0) return { plan: undefined, alone };
  const projectionCtes = joined.statements.map((statement, i) => `projection_${i + 1} AS (${statement}),\n     `).join('');
  const text = `WITH bumped AS (
       UPDATE es_streams s SET version = w.expected + w.count, updated_at = now()
         FROM unnest($${STREAM_IDS}::text[], $${EXPECTED_VERSIONS}::bigint[], $${EVENT_COUNTS}::bigint[]) AS w(stream_id, expected, count)
        WHERE s.stream_id = ANY($${STREAM_IDS}::text[]) AND s.stream_id = w.stream_id AND s.version = w.expected
       RETURNING s.stream_id),
     ${projectionCtes}${INSERT_EVENTS} WHERE ${bumped('v.stream_id')} ${insertEventsEnd(false)}`;
  const previous = new Map(writes.map((w) => [w.streamId, w.expectedVersion as number]));
  const values = [
    ...insertParameters(writes, previous),
    writes.map((w) => w.streamId),
    writes.map((w) => w.expectedVersion),
    writes.map((w) => w.events.length),
    ...joined.values,
  ];
  return { plan: { writes, text, values }, alone };
}

/** True only when the version check of the stream (an SQL expression) passed in this statement. */
const bumped = (streamId: string): string => `${streamId} IN (SELECT stream_id FROM bumped)`;
