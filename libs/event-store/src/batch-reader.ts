import type pg from 'pg';
import { checkpointOf, readAll, readAllPositionsAndBodiesOf } from './read.js';
import type { GlobalCheckpoint, StoredEvent } from './types.js';

/**
 * One batch of the log: where it starts, where it ends (undefined when the log had nothing after
 * `from`), the events handed to the reader (all of them, or those of its types), what `prepare`
 * made of them, and whether the log filled the batch (so it probably has more).
 */
export interface Batch<Prepared> {
  from: GlobalCheckpoint;
  to: GlobalCheckpoint | undefined;
  events: StoredEvent[];
  prepared: Prepared;
  full: boolean;
}

export interface BatchReaderOptions<Prepared> {
  pool: pg.Pool;
  batchSize: number;
  /** How many batches one query reads while the log has that much more (≥ 1). */
  batchesPerRead: number;
  /** Run on each batch as soon as it is read (see EventSubscriptionOptions.prepare). */
  prepare?: (events: StoredEvent[]) => Prepared;
  /** Only events of these types are handed out; the others only move the batch's end (see EventSubscriptionOptions.eventTypes). */
  eventTypes?: readonly string[];
}

/**
 * Reads the log for one subscription in batches, ahead of the handler: one query reads up to
 * `batchesPerRead` batches (one round trip, and one wake-up of a backend, instead of several),
 * and when the last batch read was full the next read starts while the handler still works on the
 * batch before it. Everything read ahead is only a guess about where the caller goes next:
 * `next(from)` uses it only when it starts exactly at `from`.
 */
export class BatchReader<Prepared> {
  /** Batches read and not handed out yet, in log order. */
  private buffered: Batch<Prepared>[] = [];
  /** The read running for the batches after the buffered ones. */
  private pending: PendingRead<Prepared> | undefined;

  constructor(private readonly options: BatchReaderOptions<Prepared>) {}

  /** The batch that starts at `from` (no events when the log has nothing after it yet). */
  async next(from: GlobalCheckpoint): Promise<Batch<Prepared>> {
    if (this.buffered.length > 0 && !samePosition(this.buffered[0]!.from, from)) this.clear();
    if (this.buffered.length === 0) this.buffered = await this.takePendingOrRead(from);
    const batch = this.buffered.shift() ?? { from, to: undefined, events: [], prepared: undefined as Prepared, full: false };
    this.readAheadIfMoreIsLikely(batch);
    return batch;
  }

  /** Forgets everything read ahead, e.g. after a lost lease; a read still running is left to finish unused. */
  clear(): void {
    this.buffered = [];
    this.pending = undefined;
  }

  private takePendingOrRead(from: GlobalCheckpoint): Promise<Batch<Prepared>[]> {
    const pending = this.pending;
    this.pending = undefined;
    return pending !== undefined && samePosition(pending.from, from) ? pending.batches : this.read(from);
  }

  /**
   * Starts the next read when at most one batch is left buffered and the last batch read was full
   * (so the log probably has more): it then runs while the handler works on what is buffered.
   */
  private readAheadIfMoreIsLikely(handedOut: Batch<Prepared>): void {
    if (this.pending !== undefined || this.buffered.length > 1) return;
    const last = this.buffered.at(-1) ?? handedOut;
    if (!last.full || last.to === undefined) return;
    this.pending = this.startRead(last.to);
  }

  private startRead(from: GlobalCheckpoint): PendingRead<Prepared> {
    const batches = this.read(from);
    // Unused when the batch fails or the lease is lost; its error must not become unhandled.
    batches.catch(() => undefined);
    return { from, batches };
  }

  private async read(from: GlobalCheckpoint): Promise<Batch<Prepared>[]> {
    const { pool, batchSize, batchesPerRead, prepare, eventTypes } = this.options;
    const limit = batchSize * batchesPerRead;
    const events = eventTypes ? await readAllPositionsAndBodiesOf(pool, from, limit, eventTypes) : await readAll(pool, from, limit);
    const wanted = eventTypes ? new Set(eventTypes) : undefined;
    const batches: Batch<Prepared>[] = [];
    for (let start = 0, batchFrom = from; start < events.length; start += batchSize) {
      const slice = events.slice(start, start + batchSize);
      const handed = wanted ? slice.filter((event) => wanted.has(event.type)) : slice;
      const to = checkpointOf(slice.at(-1)!);
      // The cast covers only a caller that declares `Prepared` yet passes no `prepare` (documented as required).
      batches.push({ from: batchFrom, to, events: handed, prepared: prepare?.(handed) as Prepared, full: slice.length === batchSize });
      batchFrom = to;
    }
    return batches;
  }
}

interface PendingRead<Prepared> {
  from: GlobalCheckpoint;
  batches: Promise<Batch<Prepared>[]>;
}

function samePosition(a: GlobalCheckpoint, b: GlobalCheckpoint): boolean {
  return a.transactionId === b.transactionId && a.globalPosition === b.globalPosition;
}
