import type { CheckpointStore } from './checkpoints.js';
import type { GlobalCheckpoint } from './types.js';

/**
 * How many handled batches may wait for the write in flight before the handler waits for it. With
 * one, a slow write (a busy database) rarely holds the handler up, and a crash re-delivers at most
 * the batches of the write in flight (two), the one waiting and the one being handled.
 */
const MAX_BATCHES_WAITING = 1;

/**
 * The checkpoint of a non-transactional subscription, written behind its handler: a handled
 * batch's position is written while the handler goes on with the next batch. Writes run one at a
 * time, in order, each a compare-and-set from the position the one before stored, so the stored
 * position only moves forward and only to handled batches. A batch handled while a write runs is
 * covered by the next write. Once a write is refused (the lease was taken), nothing more is
 * written: `advance` and `flush` return false and the owner must stop and re-acquire.
 */
export class TrailingCheckpoint {
  /** The last position known to be in the store. */
  private stored: GlobalCheckpoint;
  /** The end of the last handled batch. */
  private handled: GlobalCheckpoint;
  private write: WriteInFlight | undefined;
  private batchesWaiting = 0;

  constructor(
    private readonly store: CheckpointStore,
    private readonly subscription: string,
    private readonly owner: string,
    position: GlobalCheckpoint,
  ) {
    this.stored = position;
    this.handled = position;
  }

  /**
   * Records that the batch ending at `next` was handled and starts its write, unless one is still
   * running (then the next write covers it). False when a write was refused; throws when a write
   * failed (it may or may not have landed).
   */
  async advance(next: GlobalCheckpoint): Promise<boolean> {
    this.handled = next;
    if (this.write !== undefined) {
      if (!this.write.done && this.batchesWaiting < MAX_BATCHES_WAITING) {
        this.batchesWaiting += 1;
        return true;
      }
      if (!(await this.settle())) return false;
    }
    this.startWrite();
    return true;
  }

  /** Waits until the store holds the last handled position (same outcomes as `advance`). */
  async flush(): Promise<boolean> {
    if (!(await this.settle())) return false;
    if (samePosition(this.stored, this.handled)) return true;
    this.startWrite();
    return this.settle();
  }

  /** Waits for the write in flight, whatever its outcome: call before reading the position from the store. */
  async drain(): Promise<void> {
    await this.write?.outcome;
    this.write = undefined;
  }

  private startWrite(): void {
    const target = this.handled;
    const outcome = this.store.store(this.subscription, this.owner, this.stored, target).then(
      (stored): WriteOutcome => ({ stored }),
      // Kept as a value, not a rejection: nobody may be waiting for it yet.
      (error: unknown): WriteOutcome => ({ stored: false, error }),
    );
    const write: WriteInFlight = { target, outcome, done: false };
    void outcome.then(() => (write.done = true));
    this.write = write;
    this.batchesWaiting = 0;
  }

  private async settle(): Promise<boolean> {
    const write = this.write;
    if (write === undefined) return true;
    this.write = undefined;
    const outcome = await write.outcome;
    if (outcome.error !== undefined) throw outcome.error;
    if (outcome.stored) this.stored = write.target;
    return outcome.stored;
  }
}

interface WriteOutcome {
  stored: boolean;
  error?: unknown;
}

interface WriteInFlight {
  target: GlobalCheckpoint;
  outcome: Promise<WriteOutcome>;
  /** Set as soon as the outcome is known, so `advance` can tell without waiting. */
  done: boolean;
}

function samePosition(a: GlobalCheckpoint, b: GlobalCheckpoint): boolean {
  return a.transactionId === b.transactionId && a.globalPosition === b.globalPosition;
}
