/**
 * The event store as the use cases see it: a deliberately narrower view of `#event-store`'s
 * PostgresEventStore (which the adapter in `#jobs/read-models` binds). The application layer may
 * not import the store, so the port names only what the use cases read and write: events as
 * `{ type, data }` with their stream version, appends with an expected version, and the
 * snapshot-plus-tail read. Structurally the store's own types satisfy these.
 */
export type ExpectedVersion = number | 'no-stream' | 'any' | 'stream-exists';

export interface EventToAppend {
  eventId: string;
  type: string;
  data: Record<string, unknown>;
  metadata?: { actor?: string; correlationId?: string; causationId?: string };
}

/** A stored event as a use case needs it. */
export interface RecordedEvent {
  type: string;
  data: Record<string, unknown>;
  streamVersion: number;
}

export interface StreamWrite {
  streamId: string;
  expectedVersion: ExpectedVersion;
  events: EventToAppend[];
  /** Recorded when the write creates the stream. */
  streamType?: string;
}

/** A stream's snapshot (when one of the asked schema version exists) and the events after it. */
export interface SnapshotAndTail {
  snapshot?: { streamVersion: number; state: unknown };
  events: RecordedEvent[];
}

export abstract class EventStore {
  abstract readStream(streamId: string): Promise<RecordedEvent[]>;
  /** One read instead of the whole stream: snapshots of another schema version count as absent. */
  abstract readSnapshotAndTail(streamId: string, schemaVersion: number): Promise<SnapshotAndTail>;
  /** Several streams in one transaction: all or nothing. A stale expected version is a StreamConflictError. */
  abstract appendMany(writes: StreamWrite[]): Promise<Array<{ nextExpectedVersion: number }>>;
  /** One stream: the common command, which the store may share a statement with concurrent ones. */
  abstract append(write: StreamWrite): Promise<{ nextExpectedVersion: number }>;
}

/** Another writer moved the stream first: read again and decide again, or report the conflict. */
export class StreamConflictError extends Error {
  constructor(
    readonly streamId: string,
    options?: { cause?: unknown },
  ) {
    super(`Stream ${streamId} was changed concurrently`, options);
    this.name = 'StreamConflictError';
  }
}
