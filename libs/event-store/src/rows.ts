import type { EventMetadata, StoredEvent } from './types.js';

/** The columns every event read selects, in the shape `toStoredEvent` expects. */
export const EVENT_COLUMNS = `
  stream_id, stream_version, global_position, transaction_id::text AS transaction_id,
  event_id::text AS event_id, event_type, schema_version, data, metadata, occurred_at, recorded_at`;

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
