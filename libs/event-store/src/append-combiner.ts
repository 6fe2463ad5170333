import { appendCombined, planCombinedAppend, type CombinedOutcome } from './combined-append.js';
import { isConcurrencyError } from './errors.js';
import type { AppendResult, InlineProjection, Queryable, StreamWrite } from './types.js';

export interface AppendCombinerOptions {
  /** Combined statements running at once; appends arriving meanwhile wait for the next one. */
  maxInFlight?: number;
  /** The most writes one statement takes. */
  maxWrites?: number;
}

interface Waiting {
  write: StreamWrite;
  resolve(outcome: CombinedOutcome): void;
  reject(error: unknown): void;
}

/**
 * Group commit for one-stream appends. Appends submitted in the same turn of the event loop, or
 * while `maxInFlight` statements are already running, go together in the next statement
 * (`appendCombined`): one round trip, one commit and one WAL flush for all of them, instead of one
 * each. A lone append under light load is sent at once (after the current turn), so combining
 * costs latency only when the database is the queue anyway.
 *
 * Each write keeps its own outcome: stored, or a ConcurrencyError of its own. When a combined
 * statement fails as a whole (an already-stored event id of one write, a deadlock, the connection),
 * each of its writes is sent again alone, so one write's error never becomes another's. Sending a
 * write again is safe: its event ids make a second store of it impossible, and a retry that finds
 * them stored is recognised as such by the caller.
 *
 * Writes that cannot join (a projection needs the transactional path) are handed to `alone`.
 */
export class AppendCombiner {
  private readonly queue: Waiting[] = [];
  private inFlight = 0;
  private flushScheduled = false;
  private readonly maxInFlight: number;
  private readonly maxWrites: number;

  constructor(
    private readonly db: Queryable,
    private readonly projections: readonly InlineProjection[],
    private readonly alone: (write: StreamWrite) => Promise<AppendResult>,
    options: AppendCombinerOptions = {},
  ) {
    this.maxInFlight = options.maxInFlight ?? 2;
    this.maxWrites = options.maxWrites ?? 64;
  }

  /** Resolves with the write's result or its ConcurrencyError (as a value, not thrown); rejects on other errors. */
  append(write: StreamWrite): Promise<CombinedOutcome> {
    return new Promise<CombinedOutcome>((resolve, reject) => {
      this.queue.push({ write, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => {
          this.flushScheduled = false;
          this.flush();
        });
      }
    });
  }

  private flush(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.takeBatch();
      this.inFlight += 1;
      void this.send(batch).finally(() => {
        this.inFlight -= 1;
        this.flush();
      });
    }
  }

  /** The oldest waiting writes, one per stream (a later write to the same stream waits its turn). */
  private takeBatch(): Waiting[] {
    const batch: Waiting[] = [];
    const streams = new Set<string>();
    for (let i = 0; i < this.queue.length && batch.length < this.maxWrites; ) {
      const waiting = this.queue[i]!;
      if (streams.has(waiting.write.streamId)) {
        i += 1;
        continue;
      }
      streams.add(waiting.write.streamId);
      batch.push(waiting);
      this.queue.splice(i, 1);
    }
    // The same lock order in every statement: two statements never wait for each other's rows.
    return batch.sort((a, b) => (a.write.streamId < b.write.streamId ? -1 : 1));
  }

  private async send(batch: Waiting[]): Promise<void> {
    const { plan, alone } = planCombinedAppend(
      batch.map((w) => w.write),
      this.projections,
    );
    const byWrite = new Map(batch.map((w) => [w.write, w]));
    const sends: Promise<void>[] = alone.map((write) => settle(byWrite.get(write)!, this.alone(write)));
    if (plan !== undefined) {
      const waiting = plan.writes.map((write) => byWrite.get(write)!);
      sends.push(
        appendCombined(this.db, plan).then(
          (outcomes) => {
            for (const [i, outcome] of outcomes.entries()) waiting[i]!.resolve(outcome);
          },
          (error: unknown) => (waiting.length === 1 ? settle(waiting[0]!, Promise.reject(error)) : this.sendEachAlone(waiting)),
        ),
      );
    }
    await Promise.all(sends);
  }

  private async sendEachAlone(batch: Waiting[]): Promise<void> {
    for (const waiting of batch) {
      const { plan } = planCombinedAppend([waiting.write], this.projections);
      await settle(
        waiting,
        appendCombined(this.db, plan!).then((outcomes) => outcomes[0]!),
      );
    }
  }
}

/** A ConcurrencyError is an outcome like any other; anything else fails the append. */
async function settle(waiting: Waiting, outcome: Promise<CombinedOutcome>): Promise<void> {
  try {
    waiting.resolve(await outcome);
  } catch (error) {
    if (isConcurrencyError(error)) waiting.resolve(error);
    else waiting.reject(error);
  }
}
