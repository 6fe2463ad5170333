import { isConcurrencyError, type PostgresEventStore } from '#event-store';
import { EventStore, StreamConflictError, type EventToAppend, type ExpectedVersion, type RecordedEvent, type SnapshotAndTail, type StreamWrite } from '#jobs/application';

/** Binds the application's EventStore port to the Postgres store, translating its conflict error. */
export class EventStoreAdapter extends EventStore {
  constructor(
    private readonly store: PostgresEventStore,
    /** Told about every refused append (a metric), before the conflict is rethrown. */
    private readonly onConflict: () => void = () => undefined,
  ) {
    super();
  }

  readStream(streamId: string, fromVersion?: number): Promise<RecordedEvent[]> {
    return this.store.readStream(streamId, fromVersion);
  }

  readSnapshotAndTail(streamId: string, schemaVersion: number): Promise<SnapshotAndTail> {
    return this.store.readSnapshotAndTail(streamId, schemaVersion);
  }

  append(streamId: string, expectedVersion: ExpectedVersion, events: EventToAppend[], options?: { streamType?: string }) {
    return translateConflicts(() => this.store.append(streamId, expectedVersion, events, options), this.onConflict);
  }

  appendMany(writes: StreamWrite[]) {
    return translateConflicts(() => this.store.appendMany(writes), this.onConflict);
  }
}

async function translateConflicts<T>(append: () => Promise<T>, onConflict: () => void): Promise<T> {
  try {
    return await append();
  } catch (error) {
    if (isConcurrencyError(error)) {
      onConflict();
      throw new StreamConflictError(error.streamId, { cause: error });
    }
    throw error;
  }
}
