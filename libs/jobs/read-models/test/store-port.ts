import type { PostgresEventStore } from '#event-store';
import { EventStore, type EventToAppend, type ExpectedVersion, type StreamWrite } from '#jobs/application';

/** The application's port over the real store, as the service's adapter binds it. */
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
    return this.store.append(streamId, expectedVersion, events, options);
  }
  appendMany(writes: StreamWrite[]) {
    return this.store.appendMany(writes);
  }
}
