import { EVENT_COLUMNS, eventColumnsWithBodiesOf, toStoredEvent, type EventRow } from './rows.js';
import type { GlobalCheckpoint, Queryable, StoredEvent } from './types.js';

export async function readStream(db: Queryable, streamId: string, fromVersion = 1): Promise<StoredEvent[]> {
  const { rows } = await db.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM es_events
      WHERE stream_id = $1 AND stream_version >= $2
      ORDER BY stream_version`,
    [streamId, fromVersion],
  );
  return rows.map(toStoredEvent);
}

export async function streamVersion(db: Queryable, streamId: string): Promise<number> {
  const { rows } = await db.query<{ version: string }>('SELECT version FROM es_streams WHERE stream_id = $1', [streamId]);
  return rows[0] === undefined ? 0 : Number(rows[0].version);
}

/**
 * The query of `readAll` (exported for the plan test). ORDER BY names the table's columns: a bare
 * `transaction_id` would mean the `transaction_id::text` output column, i.e. a text sort of every
 * remaining row on each call (no index; and '100000' before '99999').
 */
export const READ_ALL_SQL = readAllSql(EVENT_COLUMNS);

/** `READ_ALL_SQL` with bodies only for the event types in `$4` (see eventColumnsWithBodiesOf). */
export const READ_ALL_BODIES_OF_TYPES_SQL = readAllSql(eventColumnsWithBodiesOf('$4'));

function readAllSql(columns: string): string {
  return `SELECT ${columns} FROM es_events
      WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        AND (transaction_id, global_position) > ($1::xid8, $2::bigint)
      ORDER BY es_events.transaction_id, es_events.global_position
      LIMIT $3`;
}

/**
 * Events committed after `after`, in commit order. Only transactions below the snapshot's xmin are
 * read: every one of them has finished, so no event can later appear before what we return (a
 * plain "global_position > last" would skip events of transactions that commit late). The price is
 * that one long-open transaction anywhere on the cluster holds back every reader.
 */
export async function readAll(db: Queryable, after: GlobalCheckpoint, limit: number): Promise<StoredEvent[]> {
  const { rows } = await db.query<EventRow>(READ_ALL_SQL, [after.transactionId, after.globalPosition, limit]);
  return rows.map(toStoredEvent);
}

/**
 * The same events, but only those of `types` with their data and metadata: the others are there
 * for their position alone (a reader moves its checkpoint past them) and must not be looked into.
 */
export async function readAllPositionsAndBodiesOf(
  db: Queryable,
  after: GlobalCheckpoint,
  limit: number,
  types: readonly string[],
): Promise<StoredEvent[]> {
  const { rows } = await db.query<EventRow>(READ_ALL_BODIES_OF_TYPES_SQL, [after.transactionId, after.globalPosition, limit, types]);
  return rows.map(toStoredEvent);
}

/** The checkpoint just after `event`: resuming from it continues with the next event. */
export function checkpointOf(event: StoredEvent): GlobalCheckpoint {
  return { transactionId: event.transactionId, globalPosition: event.globalPosition };
}
