import { randomUUID } from 'node:crypto';
import type { EventToAppend } from '../ports/event-store.port.js';

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
