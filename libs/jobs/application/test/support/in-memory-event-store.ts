import {
  EventStore,
  StreamConflictError,
  type EventToAppend,
  type ExpectedVersion,
  type ReactionEvent,
  type RecordedEvent,
  type SnapshotAndTail,
  type StreamWrite,
} from '#jobs/application';

/** An event as this store keeps it: its stream, its place in the stream and in the whole log. */
export interface StoredEvent extends ReactionEvent {
  /** Commit order over all streams, from 1: what a subscription would deliver. */
  readonly position: number;
  readonly metadata?: EventToAppend['metadata'];
}

interface Snapshot {
  schemaVersion: number;
  streamVersion: number;
  state: unknown;
}

/**
 * The EventStore port in memory, with the store's rules: a stream's versions count its events from
 * 1; an append names the version it expects (a number, where 0 means "no stream yet", or
 * 'no-stream', 'stream-exists', 'any') and a mismatch is a StreamConflictError; a write of several
 * streams checks every expectation before it writes anything.
 *
 * For the conflict paths, a test can make another writer act right before the next appends check
 * their versions (`interfere`), as if it had committed between the handler's read and its write.
 */
export class InMemoryEventStore extends EventStore {
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly log: StoredEvent[] = [];
  private readonly snapshots = new Map<string, Snapshot>();
  private interference: { write: () => Promise<unknown>; timesLeft: number } | undefined;
  private interfering = false;

  async readStream(streamId: string): Promise<RecordedEvent[]> {
    return (this.streams.get(streamId) ?? []).map(recorded);
  }

  async readSnapshotAndTail(streamId: string, schemaVersion: number): Promise<SnapshotAndTail> {
    const events = this.streams.get(streamId) ?? [];
    const snapshot = this.snapshots.get(streamId);
    if (snapshot === undefined || snapshot.schemaVersion !== schemaVersion) return { events: events.map(recorded) };
    return {
      snapshot: { streamVersion: snapshot.streamVersion, state: asJson(snapshot.state) },
      events: events.filter((event) => event.streamVersion > snapshot.streamVersion).map(recorded),
    };
  }

  async append(write: StreamWrite): Promise<{ nextExpectedVersion: number }> {
    const [result] = await this.appendMany([write]);
    return result!;
  }

  async appendMany(writes: StreamWrite[]): Promise<Array<{ nextExpectedVersion: number }>> {
    await this.letOtherWriterIn();
    // Check every write first (each against the version the earlier ones of the batch leave)...
    const versionAfter = new Map<string, number>();
    for (const write of writes) {
      const current = versionAfter.get(write.streamId) ?? this.versionOf(write.streamId);
      if (!matches(write.expectedVersion, current)) throw new StreamConflictError(write.streamId);
      versionAfter.set(write.streamId, current + write.events.length);
    }
    // ...then write them all: nothing is written when any expectation failed.
    return writes.map((write) => ({ nextExpectedVersion: this.commit(write) }));
  }

  /** The stream's version: its number of events (0 when it does not exist). */
  versionOf(streamId: string): number {
    return this.streams.get(streamId)?.length ?? 0;
  }

  /** Every stored event, in commit order. */
  all(): StoredEvent[] {
    return [...this.log];
  }

  /** The log position of the last event: events after it are "since now". */
  position(): number {
    return this.log.length;
  }

  /** The events committed after `position`, in commit order. */
  since(position: number): StoredEvent[] {
    return this.log.slice(position);
  }

  /** Stores a snapshot of a stream's state at `streamVersion`, as the inline projection would. */
  putSnapshot(streamId: string, snapshot: Snapshot): void {
    this.snapshots.set(streamId, asJson(snapshot));
  }

  /**
   * Runs `write` (another writer's command) right before each of the next `times` appends checks
   * its versions. Appends made by `write` itself are not interfered with.
   */
  interfere(write: () => Promise<unknown>, times = 1): void {
    this.interference = { write, timesLeft: times };
  }

  /** How many interfering writes are still to come. */
  interferencesLeft(): number {
    return this.interference?.timesLeft ?? 0;
  }

  private async letOtherWriterIn(): Promise<void> {
    const interference = this.interference;
    if (this.interfering || interference === undefined || interference.timesLeft <= 0) return;
    interference.timesLeft -= 1;
    this.interfering = true;
    try {
      await interference.write();
    } finally {
      this.interfering = false;
    }
  }

  private commit(write: StreamWrite): number {
    const stream = this.streams.get(write.streamId) ?? [];
    for (const event of write.events) {
      const stored: StoredEvent = {
        streamId: write.streamId,
        streamVersion: stream.length + 1,
        position: this.log.length + 1,
        type: event.type,
        // Stored as JSON, as the real store does: a Date in an event would come back a string.
        data: asJson(event.data),
        ...(event.metadata !== undefined ? { metadata: event.metadata } : {}),
      };
      stream.push(stored);
      this.log.push(stored);
    }
    if (stream.length > 0) this.streams.set(write.streamId, stream);
    return stream.length;
  }
}

function matches(expected: ExpectedVersion, actual: number): boolean {
  if (typeof expected === 'number') return expected === actual;
  if (expected === 'no-stream') return actual === 0;
  if (expected === 'stream-exists') return actual > 0;
  return true;
}

/** A copy, so a handler cannot change what is stored. */
function recorded(event: StoredEvent): RecordedEvent {
  return { type: event.type, data: asJson(event.data), streamVersion: event.streamVersion };
}

function asJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
