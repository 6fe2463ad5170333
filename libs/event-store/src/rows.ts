import type { EventMetadata, StoredEvent } from './types.js';

const POSITION_COLUMNS = `
  stream_id, stream_version, global_position, transaction_id::text AS transaction_id,
  event_id::text AS event_id, event_type, schema_version`;

/** The columns every event read selects, in the shape `toStoredEvent` expects. */
export const EVENT_COLUMNS = `${POSITION_COLUMNS}, data, metadata, occurred_at, recorded_at`;

/**
 * The same columns, but `data` and `metadata` only for the event types bound to `typesParam`
 * (a text[] parameter such as `$4`); other rows keep their position and come back with null bodies,
 * so a reader interested in a few types neither ships nor decodes the rest.
 */
export function eventColumnsWithBodiesOf(typesParam: string): string {
  const wanted = `event_type = ANY(${typesParam}::text[])`;
  return `${POSITION_COLUMNS},
  CASE WHEN ${wanted} THEN data END AS data, CASE WHEN ${wanted} THEN metadata END AS metadata,
  occurred_at, recorded_at`;
}

export interface EventRow {
  stream_id: string;
  stream_version: string;
  global_position: string;
  transaction_id: string;
  event_id: string;
  event_type: string;
  schema_version: number;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  occurred_at: Date;
  recorded_at: Date;
}

export function toStoredEvent(row: EventRow): StoredEvent {
  return {
    eventId: row.event_id,
    type: row.event_type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    occurredAt: row.occurred_at,
    streamId: row.stream_id,
    // bigint arrives as a string; stream versions stay far below 2^53.
    streamVersion: Number(row.stream_version),
    globalPosition: row.global_position,
    transactionId: row.transaction_id,
    recordedAt: row.recorded_at,
  };
}
