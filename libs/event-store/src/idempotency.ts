import { EVENT_COLUMNS, toStoredEvent, type EventRow } from './rows.js';
import type { ExpectedVersion, Queryable, StoredEvent, StreamWrite } from './types.js';

/** How a write relates to what is already stored under its event ids. */
export type PriorOutcome = { kind: 'new' } | { kind: 'already-appended'; events: StoredEvent[] } | { kind: 'conflict' };

/** Stored events carrying any of the writes' event ids, by id. A read: it takes no xid. */
export async function findStoredByIds(db: Queryable, writes: StreamWrite[]): Promise<Map<string, StoredEvent>> {
  const ids = writes.flatMap((w) => w.events.map((e) => e.eventId));
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM es_events WHERE event_id = ANY($1::uuid[])`, [ids]);
  return new Map(rows.map((row) => [row.event_id, toStoredEvent(row)]));
}

/**
 * A retry of an earlier append is recognised the way EventStoreDB does it: all its ids are stored,
 * in the same stream, at consecutive versions the expectation allows. Anything in between (some
 * ids stored, or stored elsewhere) is a conflict, never a silent partial write.
 */
export function priorOutcome(write: StreamWrite, stored: Map<string, StoredEvent>): PriorOutcome {
  const found = write.events.map((e) => stored.get(e.eventId.toLowerCase()));
  if (found.every((e) => e === undefined)) return { kind: 'new' };
  if (found.some((e) => e === undefined)) return { kind: 'conflict' };
  const events = found as StoredEvent[];
  const first = events[0]!.streamVersion;
  const inPlace = events.every((e, i) => e.streamId === write.streamId && e.streamVersion === first + i);
  return inPlace && allowsStart(write.expectedVersion, first - 1) ? { kind: 'already-appended', events } : { kind: 'conflict' };
}

function allowsStart(expected: ExpectedVersion, versionBefore: number): boolean {
  if (typeof expected === 'number') return expected === versionBefore;
  if (expected === 'no-stream') return versionBefore === 0;
  if (expected === 'stream-exists') return versionBefore > 0;
  return true;
}
