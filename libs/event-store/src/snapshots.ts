import type { Queryable } from './types.js';

/** A stream's state after its first `streamVersion` events, in the encoding `schemaVersion` names. */
export interface StreamSnapshot {
  streamId: string;
  streamVersion: number;
  schemaVersion: number;
  state: unknown;
}

/** An event as a fold needs it: no log position, timestamps or metadata (a load reads none of them). */
export interface TailEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
  streamId: string;
  streamVersion: number;
}

/** What a load needs: the snapshot (if one of the asked schema exists) and every event after it. */
export interface SnapshotAndTail {
  snapshot?: { streamVersion: number; state: unknown };
  events: TailEvent[];
}

interface TailRow {
  snapshot_version: string | null;
  snapshot_state: unknown;
  event_id: string | null;
  event_type: string;
  schema_version: number;
  data: Record<string, unknown>;
  stream_version: string;
}

// No named (server-prepared) statements: the embedded PGlite serves every pool connection from one
// backend, where a name prepared by one connection collides with the next connection's.

/**
 * One round trip: the snapshot of `schemaVersion` (a snapshot of any other schema counts as absent)
 * joined with the events after it. Without a snapshot the whole stream comes back; with one and no
 * newer events, a single row of NULL event columns carries the snapshot. Only the columns a fold
 * reads: this is the first statement of every command, and each column costs parsing on both ends.
 */
export async function readSnapshotAndTail(db: Queryable, streamId: string, schemaVersion: number): Promise<SnapshotAndTail> {
  const { rows } = await db.query<TailRow>(
    `SELECT s.stream_version AS snapshot_version, s.state AS snapshot_state,
                  e.event_id::text AS event_id, e.event_type, e.schema_version, e.data, e.stream_version
             FROM (SELECT $1::text AS stream_id) k
             LEFT JOIN es_snapshots s ON s.stream_id = k.stream_id AND s.schema_version = $2
             LEFT JOIN es_events e ON e.stream_id = k.stream_id AND e.stream_version > coalesce(s.stream_version, 0)
            ORDER BY e.stream_version`,
    [streamId, schemaVersion],
  );
  const first = rows[0];
  const events = rows
    .filter((row) => row.event_id !== null)
    .map(
      (row): TailEvent => ({
        eventId: row.event_id!,
        type: row.event_type,
        schemaVersion: row.schema_version,
        data: row.data,
        streamId,
        streamVersion: Number(row.stream_version),
      }),
    );
  if (first === undefined || first.snapshot_version === null) return { events };
  return { snapshot: { streamVersion: Number(first.snapshot_version), state: first.snapshot_state }, events };
}

/**
 * Stores a snapshot unless one at least as recent is there already (two writers racing past the
 * same point write equal states; an older one must never replace a newer one). A snapshot of a
 * different schema is replaced: only the current encoding is worth keeping.
 */
export async function writeSnapshot(db: Queryable, snapshot: StreamSnapshot): Promise<void> {
  await db.query(
    `INSERT INTO es_snapshots (stream_id, stream_version, schema_version, state)
           VALUES ($1, $2, $3, $4::jsonb)
           ON CONFLICT (stream_id) DO UPDATE
              SET stream_version = excluded.stream_version, schema_version = excluded.schema_version,
                  state = excluded.state, taken_at = now()
            WHERE es_snapshots.stream_version < excluded.stream_version
               OR es_snapshots.schema_version <> excluded.schema_version`,
    [snapshot.streamId, snapshot.streamVersion, snapshot.schemaVersion, JSON.stringify(snapshot.state)],
  );
}
