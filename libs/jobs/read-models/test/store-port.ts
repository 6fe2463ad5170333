import { isConcurrencyError, type PostgresEventStore } from '#event-store';
import { EventStore, StreamConflictError, type EventToAppend, type ExpectedVersion, type StreamWrite } from '#jobs/application';

/** The application's port over the real store, as the service's adapter binds it (conflicts translated). */
export class StorePort extends EventStore {
  constructor(private readonly store: PostgresEventStore) {
    super();
  }
  readStream(streamId: string, fromVersion?: number) {
    return this.store.readStream(streamId, fromVersion);
  }
  readSnapshotAndTail(streamId: string, schemaVersion: number) {
    return this.store.readSnapshotAndTail(streamId, schemaVersion);
  }
  append(streamId: string, expectedVersion: ExpectedVersion, events: EventToAppend[], options?: { streamType?: string }) {
    return translated(() => this.store.append(streamId, expectedVersion, events, options));
  }
  appendMany(writes: StreamWrite[]) {
    return translated(() => this.store.appendMany(writes));
  }
}

async function translated<T>(append: () => Promise<T>): Promise<T> {
  try {
    return await append();
  } catch (error) {
    throw isConcurrencyError(error) ? new StreamConflictError(error.streamId, { cause: error }) : error;
  }
}
