import type pg from 'pg';
import { appendWithin, validate } from './append.js';
import { inTransaction } from './transaction.js';
import { AppendCombiner, type AppendCombinerOptions } from './append-combiner.js';
import { CommitNotifier } from './commit-notifier.js';
import { ConcurrencyError, isConcurrencyError } from './errors.js';
import { findStoredByIds, priorOutcome } from './idempotency.js';
import { readAll, readStream, streamVersion } from './read.js';
import { isExactAppendToExistingStream } from './joined-projections.js';
import { readSnapshotAndTail, type SnapshotAndTail } from './snapshots.js';
import type {
  AppendOptions,
  AppendResult,
  ExpectedVersion,
  GlobalCheckpoint,
  InlineProjection,
  NewEvent,
  StoredEvent,
  StreamWrite,
} from './types.js';

export interface PostgresEventStoreOptions {
  /** Read models updated in the append transaction, in this order. */
  inlineProjections?: InlineProjection[];
  /** How concurrent one-stream appends share statements (see AppendCombiner). */
  combining?: AppendCombinerOptions;
}

export class PostgresEventStore {
  private readonly projections: readonly InlineProjection[];
  private readonly notifier: CommitNotifier;
  private readonly combiner: AppendCombiner;

  constructor(
    private readonly pool: pg.Pool,
    options: PostgresEventStoreOptions = {},
  ) {
    this.projections = [...(options.inlineProjections ?? [])];
    this.notifier = new CommitNotifier(pool);
    this.combiner = new AppendCombiner(pool, this.projections, async (write) => (await this.appendInTransaction([write]))[0]!, options.combining);
  }

  async append(streamId: string, expectedVersion: ExpectedVersion, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    const write: StreamWrite = { streamId, expectedVersion, events, streamType: options.streamType };
    if (!isExactAppendToExistingStream(write)) return (await this.appendMany([write]))[0]!;
    // The common command: one statement, shared with the appends of concurrent commands.
    validate([write]);
    const outcome = await this.combiner.append(write);
    if (isConcurrencyError(outcome)) return (await this.recogniseConcurrentRetry([write], outcome))[0]!;
    this.notifier.committed();
    return outcome;
  }

  /** Appends to several streams in one transaction: all of it is stored, or none of it. */
  async appendMany(writes: StreamWrite[]): Promise<AppendResult[]> {
    try {
      return await this.appendInTransaction(writes);
    } catch (error) {
      if (!isConcurrencyError(error)) throw error;
      return this.recogniseConcurrentRetry(writes, error);
    }
  }

  private async appendInTransaction(writes: StreamWrite[]): Promise<AppendResult[]> {
    const results = await this.inTransaction((tx) => appendWithin(tx, writes, this.projections, { priorIdsLookup: false, wakeAtCommit: false }));
    if (results.some((result) => result.events.length > 0)) this.notifier.committed();
    return results;
  }

  /**
   * Appends inside a transaction the caller opened on `tx` (and will commit or roll back), running
   * the inline projections too. For composing an append with other writes atomically.
   */
  appendWithin(tx: pg.PoolClient, writes: StreamWrite[]): Promise<AppendResult[]> {
    return appendWithin(tx, writes, this.projections);
  }

  readStream(streamId: string, fromVersion = 1): Promise<StoredEvent[]> {
    return readStream(this.pool, streamId, fromVersion);
  }

  /** The stream's snapshot of `schemaVersion` (if any) and the events after it, in one query. */
  readSnapshotAndTail(streamId: string, schemaVersion: number): Promise<SnapshotAndTail> {
    return readSnapshotAndTail(this.pool, streamId, schemaVersion);
  }

  streamVersion(streamId: string): Promise<number> {
    return streamVersion(this.pool, streamId);
  }

  readAll(after: GlobalCheckpoint, limit: number): Promise<StoredEvent[]> {
    return readAll(this.pool, after, limit);
  }

  /**
   * Two copies of one retried append can race: the loser sees a moved version or a duplicate id.
   * If, now that the winner has committed, every write turns out to be stored exactly as asked,
   * the retry succeeded; otherwise the conflict stands (with the actual version filled in).
   */
  private async recogniseConcurrentRetry(writes: StreamWrite[], error: ConcurrencyError): Promise<AppendResult[]> {
    const stored = await findStoredByIds(this.pool, writes);
    const outcomes = writes.map((w) => priorOutcome(w, stored));
    if (writes.length > 0 && outcomes.every((o) => o.kind === 'already-appended')) {
      return outcomes.map((o) => {
        const events = o.kind === 'already-appended' ? o.events : [];
        return { nextExpectedVersion: events[events.length - 1]?.streamVersion ?? 0, events };
      });
    }
    if (error.actual !== undefined) throw error;
    const actual = await streamVersion(this.pool, error.streamId);
    throw new ConcurrencyError(error.streamId, error.expected, actual, { cause: error.cause });
  }

  private async inTransaction<T>(work: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
    return (await inTransaction(this.pool, work)) as T;
  }
}
