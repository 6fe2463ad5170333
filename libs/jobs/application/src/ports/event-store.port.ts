/**
 * The event store as the use cases see it: load a stream, append with an expected version. The
 * Postgres implementation lives in `#event-store`; the composition root binds it.
 */
export type ExpectedVersion = number | 'no-stream' | 'any' | 'stream-exists';

export interface EventToAppend {
  eventId: string;
  type: string;
  schemaVersion?: number;
  data: Record<string, unknown>;
  metadata?: { correlationId?: string; causationId?: string; actor?: string; [key: string]: unknown };
  occurredAt?: Date;
}

export interface RecordedEvent extends EventToAppend {
  streamId: string;
  streamVersion: number;
}

export interface StreamWrite {
  streamId: string;
  expectedVersion: ExpectedVersion;
  events: EventToAppend[];
  streamType?: string;
}

/** A stream's snapshot (when one of the asked schema version exists) and the events after it. */
export interface SnapshotAndTail {
  snapshot?: { streamVersion: number; state: unknown };
  events: RecordedEvent[];
}

export abstract class EventStore {
  abstract readStream(streamId: string, fromVersion?: number): Promise<RecordedEvent[]>;
  /** One read instead of the whole stream: snapshots of another schema version count as absent. */
  abstract readSnapshotAndTail(streamId: string, schemaVersion: number): Promise<SnapshotAndTail>;
  abstract append(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: EventToAppend[],
    options?: { streamType?: string },
  ): Promise<{ nextExpectedVersion: number }>;
  /** Several streams in one transaction: all or nothing. */
  abstract appendMany(writes: StreamWrite[]): Promise<unknown>;
}

/** Another writer moved the stream first: read again and decide again, or report the conflict. */
export class StreamConflictError extends Error {
  constructor(readonly streamId: string, options?: { cause?: unknown }) {
    super(`Stream ${streamId} was changed concurrently`, options);
    this.name = 'StreamConflictError';
  }
}
