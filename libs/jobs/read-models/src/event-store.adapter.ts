import { isConcurrencyError, type PostgresEventStore } from '#event-store';
import { EventStore, StreamConflictError, type SnapshotAndTail, type StreamWrite } from '#jobs/application';

/**
 * Binds the application's EventStore port to the Postgres store. The store's types already satisfy
 * the port's narrower ones; the one translation is the store's ConcurrencyError into the
 * application's StreamConflictError (the use cases read again and decide again on it).
 */
export class EventStoreAdapter extends EventStore {
  constructor(
    private readonly store: PostgresEventStore,
    /** Told about every refused append (a metric), before the conflict is rethrown. */
    private readonly onConflict: () => void = () => undefined,
  ) {
    super();
  }

  readStream(streamId: string) {
    return this.store.readStream(streamId);
  }

  readSnapshotAndTail(streamId: string, schemaVersion: number): Promise<SnapshotAndTail> {
    return this.store.readSnapshotAndTail(streamId, schemaVersion);
  }

  append(write: StreamWrite) {
    return this.conflictsTranslated(() => this.store.append(write.streamId, write.expectedVersion, write.events, { streamType: write.streamType }));
  }

  appendMany(writes: StreamWrite[]) {
    return this.conflictsTranslated(() => this.store.appendMany(writes));
  }

  private async conflictsTranslated<T>(append: () => Promise<T>): Promise<T> {
    try {
      return await append();
    } catch (error) {
      if (!isConcurrencyError(error)) throw error;
      this.onConflict();
      throw new StreamConflictError(error.streamId, { cause: error });
    }
  }
}
