import { randomUUID } from 'node:crypto';
import type { EventToAppend, StreamWrite } from '../ports/event-store.port.js';

/** Domain events (`{ type, data }`) become store events with a fresh id and the audit metadata. */
export function toStoreEvents(
  events: ReadonlyArray<{ type: string; data: object }>,
  metadata: { actor: string; correlationId?: string },
): EventToAppend[] {
  return events.map((event) => ({
    eventId: randomUUID(),
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata,
  }));
}

/** Store events carry their data as stored JSON; the deciders read them back as `{ type, data }`. */
export function toDomainEvents<E>(events: ReadonlyArray<{ type: string; data: Record<string, unknown> }>): E[] {
  return events.map((event) => ({ type: event.type, data: event.data }) as E);
}

/** What deciding on a loaded stream produced: its events, the state after them, and the write (none when nothing changed). */
export interface Planned<E, S> {
  write?: StreamWrite;
  events: E[];
  state: S;
}

/** The plan of `events` decided on `loaded`: appended at its version, with the deciding actor. */
export function planned<E extends { type: string; data: object }, S>(
  loaded: { streamId: string; version: number },
  streamType: string,
  events: E[],
  state: S,
  actor: string,
): Planned<E, S> {
  if (events.length === 0) return { events, state };
  return {
    events,
    state,
    write: { streamId: loaded.streamId, expectedVersion: loaded.version, streamType, events: toStoreEvents(events, { actor }) },
  };
}
