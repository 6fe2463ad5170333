import pg from 'pg';
import { CheckpointStore } from './checkpoints.js';
import { checkpointOf, readAll } from './read.js';
import type { GlobalCheckpoint, StoredEvent } from './types.js';
import { Waker } from './waker.js';

export interface EventSubscriptionOptions {
  pool: pg.Pool;
  /** The checkpoint row; instances with the same name share one position and one lease. */
  name: string;
  /** Identifies this instance in the lease (e.g. host + pid + random). */
  owner: string;
  /**
   * Called with each batch in commit order. It may see a batch again after a crash or a lost
   * lease (at-least-once), so it must be idempotent. With `transactional`, `tx` is an open
   * transaction that commits together with the new checkpoint.
   */
  handle: (events: StoredEvent[], tx?: pg.PoolClient) => Promise<void>;
  transactional?: boolean;
  batchSize?: number;
  /** How often to poll when no NOTIFY arrives. */
  pollIntervalMs?: number;
  leaseMs?: number;
  /** Backoff after a failed batch: doubles from `initial` up to `max`. */
  retryBackoffMs?: { initial: number; max: number };
  /** Handler, database and listener errors; the subscription itself keeps going. */
  onError?: (error: unknown) => void;
}

/**
 * Feeds the commit-ordered log to a handler, one batch at a time, from a stored checkpoint. Only
 * the instance holding the lease processes; others poll for it and take over, from the stored
 * checkpoint, when it is released or expires. A failed batch is retried, never skipped.
 */
export class EventSubscription {
  private readonly checkpoints: CheckpointStore;
  private readonly newEvents = new Waker();
  private readonly stopping = new Waker();
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly leaseMs: number;
  private readonly backoff: { initial: number; max: number };
  private running = false;
  private loop: Promise<void> | undefined;
  private listener: pg.Client | undefined;
  private renewTimer: NodeJS.Timeout | undefined;
  private owning = false;
  private position: GlobalCheckpoint | undefined;
  private failures = 0;
  private pollCount = 0;
  /** The next batch, read while the handler works on the current one (see `step`). */
  private readAhead: ReadAhead | undefined;

  constructor(private readonly options: EventSubscriptionOptions) {
    this.checkpoints = new CheckpointStore(options.pool);
    this.batchSize = options.batchSize ?? 100;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.leaseMs = options.leaseMs ?? 10_000;
    this.backoff = options.retryBackoffMs ?? { initial: 100, max: 5_000 };
  }

  /** Whether this instance currently holds the lease. */
  get active(): boolean {
    return this.owning;
  }

  /** How many times the log has been polled; lets callers wait for "it looked and found nothing". */
  get polls(): number {
    return this.pollCount;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.listen();
    this.loop = this.run();
  }

  /** Waits for the batch in flight, then gives up the lease so another instance can take over. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.newEvents.wake();
    this.stopping.wake();
    await this.loop;
    this.stopRenewing();
    if (this.owning) {
      this.owning = false;
      await this.checkpoints.release(this.options.name, this.options.owner).catch((e: unknown) => this.report(e));
    }
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const processed = await this.step();
        this.failures = 0;
        if (!processed && this.running) await this.newEvents.wait(this.pollIntervalMs);
      } catch (error) {
        this.report(error);
        this.failures += 1;
        // Only stop() cuts a backoff short; new events must not turn a failing handler into a hot loop.
        if (this.running) await this.stopping.wait(this.nextBackoff());
      }
    }
  }

  /** One poll: returns whether a batch was processed. */
  private async step(): Promise<boolean> {
    this.pollCount += 1;
    if (!this.owning && !(await this.acquire())) return false;
    const from = this.position!;
    const events = await this.read(from);
    if (events.length === 0) return false;
    const next = checkpointOf(events[events.length - 1]!);
    // A full batch means more is probably waiting: read it while the handler works, so a
    // publishing handler overlaps its broker round trip with the database read of the next batch.
    if (events.length === this.batchSize) this.readAhead = this.startRead(next);
    const stored = this.options.transactional
      ? await this.processInTransaction(events, from, next)
      : await this.process(events, from, next);
    if (stored) this.position = next;
    else this.loseLease();
    return stored;
  }

  /** The batch after `from`: the one read ahead if it starts there, else a fresh read. */
  private read(from: GlobalCheckpoint): Promise<StoredEvent[]> {
    const ahead = this.readAhead;
    this.readAhead = undefined;
    if (ahead !== undefined && samePosition(ahead.from, from)) return ahead.events;
    return readAll(this.options.pool, from, this.batchSize);
  }

  private startRead(from: GlobalCheckpoint): ReadAhead {
    const events = readAll(this.options.pool, from, this.batchSize);
    // Unused when the batch fails or the lease is lost; its error must not become unhandled.
    events.catch(() => undefined);
    return { from, events };
  }

  private async process(events: StoredEvent[], from: GlobalCheckpoint, next: GlobalCheckpoint): Promise<boolean> {
    await this.options.handle(events);
    return this.checkpoints.store(this.options.name, this.options.owner, from, next);
  }

  private async processInTransaction(events: StoredEvent[], from: GlobalCheckpoint, next: GlobalCheckpoint) {
    const tx = await this.options.pool.connect();
    let broken: Error | undefined;
    // Checked-out clients have no pool error listener: without this a connection reset crashes the process.
    const onConnectionError = (error: Error) => (broken = error);
    tx.on('error', onConnectionError);
    try {
      await tx.query('BEGIN');
      await this.options.handle(events, tx);
      const stored = await this.checkpoints.store(this.options.name, this.options.owner, from, next, tx);
      await tx.query(stored ? 'COMMIT' : 'ROLLBACK');
      return stored;
    } catch (error) {
      await tx.query('ROLLBACK').catch((e: Error) => (broken = e));
      throw error;
    } finally {
      tx.removeListener('error', onConnectionError);
      tx.release(broken);
    }
  }

  private async acquire(): Promise<boolean> {
    const { name, owner } = this.options;
    if (!(await this.checkpoints.tryAcquire(name, owner, this.leaseMs))) return false;
    // Always resume from the stored position: another owner may have moved it while we waited.
    this.position = await this.checkpoints.load(name);
    this.owning = true;
    this.startRenewing();
    return true;
  }

  private startRenewing(): void {
    this.stopRenewing();
    this.renewTimer = setInterval(() => void this.renew(), Math.max(10, Math.floor(this.leaseMs / 3)));
    this.renewTimer.unref();
  }

  private async renew(): Promise<void> {
    try {
      if (!(await this.checkpoints.renew(this.options.name, this.options.owner, this.leaseMs))) this.loseLease();
    } catch (error) {
      this.report(error);
    }
  }

  private stopRenewing(): void {
    clearInterval(this.renewTimer);
    this.renewTimer = undefined;
  }

  private loseLease(): void {
    this.owning = false;
    this.position = undefined;
    this.readAhead = undefined;
    this.stopRenewing();
  }

  /** NOTIFY is only a hint to poll now; if listening fails we still poll on the interval. */
  private async listen(): Promise<void> {
    const client = new pg.Client(this.options.pool.options);
    client.on('notification', () => this.newEvents.wake());
    client.on('error', (error) => {
      this.report(error);
      if (this.listener === client) this.listener = undefined;
      void client.end().catch(() => undefined);
    });
    try {
      await client.connect();
      await client.query('LISTEN es_events');
      this.listener = client;
    } catch (error) {
      this.report(error);
      await client.end().catch(() => undefined);
    }
  }

  private nextBackoff(): number {
    return Math.min(this.backoff.max, this.backoff.initial * 2 ** Math.min(this.failures - 1, 20));
  }

  private report(error: unknown): void {
    this.options.onError?.(error);
  }
}

interface ReadAhead {
  from: GlobalCheckpoint;
  events: Promise<StoredEvent[]>;
}

function samePosition(a: GlobalCheckpoint, b: GlobalCheckpoint): boolean {
  return a.transactionId === b.transactionId && a.globalPosition === b.globalPosition;
}
