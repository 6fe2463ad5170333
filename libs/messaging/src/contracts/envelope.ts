/** The event-store row the contract is built from (a subset of StoredEvent, so tests can build one). */
export interface SourceEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  occurredAt: Date;
  streamId: string;
  streamVersion: number;
  globalPosition: string;
}

/** What every payload kind starts with: the event, who caused it and when, and where it is in the log. */
export interface EventEnvelope {
  eventId: string;
  eventType: string;
  /** The kind's operation name for the event type (each contract has its map). */
  operation: string;
  /** Access key id of the caller, or `service` for the service's own work. */
  actor: string | null;
  /** ISO-8601: when the change happened. */
  timestamp: string;
  streamId: string;
  streamVersion: number;
  globalPosition: string;
  schemaVersion: number;
  /** The domain event's data, unchanged: every per-type field (see asyncapi.yaml). */
  data: Record<string, unknown>;
}

/** The operation name of a stored event's type; an unknown type (a newer producer) passes through. */
export const operationOf = (operations: Readonly<Record<string, string>>, type: string): string => operations[type] ?? type;

export const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
export const actorOf = (event: SourceEvent): string | null => text(event.data.actor) ?? text(event.metadata.actor);
export const timestampOf = (event: SourceEvent): string => text(event.data.at) ?? event.occurredAt.toISOString();

/**
 * The envelope of an event. The job and execution kinds, on the relay's hot path, write theirs
 * inside one object literal instead (see toPayload): spreading this into them would cost more than
 * building the rest of the record.
 */
export function envelopeOf(event: SourceEvent, operations: Readonly<Record<string, string>>): EventEnvelope {
  return {
    eventId: event.eventId,
    eventType: event.type,
    operation: operationOf(operations, event.type),
    actor: actorOf(event),
    timestamp: timestampOf(event),
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    globalPosition: event.globalPosition,
    schemaVersion: event.schemaVersion,
    data: event.data,
  };
}
