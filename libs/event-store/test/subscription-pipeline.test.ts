import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import {
  CheckpointStore,
  checkpointOf,
  EventSubscription,
  PostgresEventStore,
  START_OF_ALL,
  type EventSubscriptionOptions,
  type GlobalCheckpoint,
  type StoredEvent,
} from '#event-store';
import { eventually, ids, migratedDatabase, newEvents } from './support.js';

/**
 * The checkpoint write of a batch runs while the next batch is handled (non-transactional mode).
 * These tests pin what that overlap must not change: the checkpoint only follows handled batches,
 * a refused write (lost lease) is the last one, a failed write re-delivers instead of skipping,
 * and stop() leaves the last handled batch checkpointed.
 */
const { pool, url } = await migratedDatabase('es_subscription_pipeline', 10);
const store = new PostgresEventStore(pool);
const checkpoints = new CheckpointStore(pool);

const BATCH = 3;

/**
 * Starts `name` at the current end of the log, so its batches hold only what the test appends next.
 * Read from the table, not with readAll: a transaction anywhere on the shared server can hold
 * readAll back, and an older head would hand the subscription the previous tests' events.
 */
async function startingAtHeadOfLog(name: string): Promise<void> {
  const { rows } = await pool.query<{ txid: string; gp: string }>(
    'SELECT transaction_id::text AS txid, global_position AS gp FROM es_events ORDER BY transaction_id DESC, global_position DESC LIMIT 1',
  );
  const head = rows[0] === undefined ? START_OF_ALL : { transactionId: rows[0].txid, globalPosition: rows[0].gp };
  await pool.query('INSERT INTO es_checkpoints (subscription, checkpoint_txid, checkpoint_gp) VALUES ($1, $2, $3)', [
    name,
    head.transactionId,
    head.globalPosition,
  ]);
}

/** Appends `batches` full batches to a new stream; returns the events batch by batch. */
async function appendBatches(streamId: string, batches: number): Promise<StoredEvent[][]> {
  const written = await store.append(streamId, 'no-stream', newEvents(batches * BATCH));
  return Array.from({ length: batches }, (_, i) => written.events.slice(i * BATCH, (i + 1) * BATCH));
}

const endOf = (batch: StoredEvent[]): GlobalCheckpoint => checkpointOf(batch.at(-1)!);

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/**
 * A pool of its own whose checkpoint writes go through `around` (to fail or hold one); every query
 * text is also reported to `seen`, in the order issued.
 */
function poolAroundCheckpointWrites(around: (write: () => Promise<unknown>) => Promise<unknown>, seen: (text: string) => void = () => undefined) {
  const own = new pg.Pool({ connectionString: url, max: 4 });
  const query = own.query.bind(own) as (...args: unknown[]) => Promise<unknown>;
  own.query = ((...args: unknown[]) => {
    const text = typeof args[0] === 'string' ? args[0] : '';
    seen(text);
    return text.includes('SET checkpoint_txid') ? around(() => query(...args)) : query(...args);
  }) as typeof own.query;
  return own;
}

function subscription<P = undefined>(options: Partial<EventSubscriptionOptions<P>> & Pick<EventSubscriptionOptions<P>, 'name' | 'owner' | 'handle'>) {
  return new EventSubscription<P>({
    pool,
    pollIntervalMs: 30,
    leaseMs: 2_000,
    batchSize: BATCH,
    retryBackoffMs: { initial: 10, max: 40 },
    ...options,
  });
}

describe('EventSubscription checkpoint writes overlapping the next batch', () => {
  it("stores a batch's checkpoint while the next one is handled, and never past a batch not yet handled", async () => {
    await startingAtHeadOfLog('pipe-sub');
    const [first, second, third] = (await appendBatches('pipe', 3)) as [StoredEvent[], StoredEvent[], StoredEvent[]];
    const secondArrived = gate();
    const releaseSecond = gate();
    const handled: string[][] = [];
    let storedWhenSecondWasRetried: GlobalCheckpoint | undefined;
    let secondAttempts = 0;
    const sub = subscription({
      name: 'pipe-sub',
      owner: 'p1',
      onError: () => undefined,
      handle: async (events) => {
        if (events[0]!.eventId === second[0]!.eventId) {
          secondAttempts += 1;
          if (secondAttempts === 1) {
            secondArrived.open();
            await releaseSecond.opened;
            throw new Error('the broker refused the second batch');
          }
          storedWhenSecondWasRetried = await checkpoints.load('pipe-sub');
        }
        handled.push(ids(events));
      },
    });
    await sub.start();
    await secondArrived.opened;
    // The first batch's write lands while the second batch is still in its handler.
    await eventually(async () => (await checkpoints.load('pipe-sub')).globalPosition === endOf(first).globalPosition, 'the first batch checkpointed');
    releaseSecond.open();
    await eventually(() => handled.length >= 3, 'all three batches handled');
    await sub.stop();

    assert.deepEqual(handled, [ids(first), ids(second), ids(third)]);
    assert.deepEqual(storedWhenSecondWasRetried, endOf(first), 'the failed batch did not move the checkpoint');
    assert.deepEqual(await checkpoints.load('pipe-sub'), endOf(third));
  });

  it('writes nothing more once a write was refused because the lease was taken', async () => {
    await startingAtHeadOfLog('stolen-sub');
    const [first, second] = (await appendBatches('stolen', 6)) as [StoredEvent[], StoredEvent[]];
    const secondArrived = gate();
    const releaseSecond = gate();
    const handled: string[][] = [];
    const sub = subscription({
      name: 'stolen-sub',
      owner: 'victim',
      handle: async (events) => {
        handled.push(ids(events));
        if (events[0]!.eventId === second[0]!.eventId) {
          secondArrived.open();
          await releaseSecond.opened;
        }
      },
    });
    await sub.start();
    await secondArrived.opened;
    await eventually(
      async () => (await checkpoints.load('stolen-sub')).globalPosition === endOf(first).globalPosition,
      'the first batch checkpointed',
    );
    await pool.query(`UPDATE es_checkpoints SET owner = 'thief', lease_until = now() + interval '1 minute' WHERE subscription = 'stolen-sub'`);
    releaseSecond.open();
    await eventually(() => !sub.active, 'the subscription to notice the lost lease');
    const polls = sub.polls;
    await eventually(() => sub.polls >= polls + 3, 'a few more polls without the lease');
    await sub.stop();

    assert.deepEqual(await checkpoints.load('stolen-sub'), endOf(first), 'the checkpoint stayed where the lease was lost');
    const { rows } = await pool.query<{ owner: string }>(`SELECT owner FROM es_checkpoints WHERE subscription = 'stolen-sub'`);
    assert.equal(rows[0]!.owner, 'thief');
    // The refused write (the second batch's) is learned of while later batches are handled: one
    // more, or two when the refusal is not back yet when the third is handled (MAX_BATCHES_WAITING).
    assert.ok(handled.length <= 4, `handled ${handled.length} batches`);
    assert.deepEqual(handled.slice(0, 2), [ids(first), ids(second)]);
  });

  it('re-delivers from the stored position when a checkpoint write fails, instead of skipping', async () => {
    await startingAtHeadOfLog('lost-write-sub');
    const batches = await appendBatches('lost-write', 3);
    let failNextWrite = true;
    const flakyPool = poolAroundCheckpointWrites((write) => {
      if (!failNextWrite) return write();
      failNextWrite = false;
      return Promise.reject(new Error('checkpoint write lost'));
    });
    const handled: string[][] = [];
    const errors: unknown[] = [];
    const sub = new EventSubscription({
      pool: flakyPool,
      name: 'lost-write-sub',
      owner: 'w1',
      batchSize: BATCH,
      pollIntervalMs: 30,
      retryBackoffMs: { initial: 10, max: 40 },
      onError: (e) => errors.push(e),
      handle: async (events) => void handled.push(ids(events)),
    });
    try {
      await sub.start();
      await eventually(
        async () => (await checkpoints.load('lost-write-sub')).globalPosition === endOf(batches.at(-1)!).globalPosition,
        'the end checkpointed',
      );
      await sub.stop();
    } finally {
      await flakyPool.end();
    }

    assert.deepEqual(
      errors.map((e) => (e as Error).message),
      ['checkpoint write lost'],
    );
    assert.deepEqual(handled[0], ids(batches[0]!));
    const afterFailure = handled.slice(handled.findIndex((batch, i) => i > 0 && batch[0] === batches[0]![0]!.eventId));
    assert.deepEqual(afterFailure, batches.map(ids), 'everything from the stored position again, in order');
  });

  it('stop() waits for the last checkpoint write before it gives up the lease', async () => {
    await startingAtHeadOfLog('stop-sub');
    const batches = await appendBatches('stop', 2);
    const lastId = batches.at(-1)!.at(-1)!.eventId;
    let holdWrites = false;
    let heldWrite: (() => void) | undefined;
    const order: string[] = [];
    const holdingPool = poolAroundCheckpointWrites(
      async (write) => {
        if (holdWrites) await new Promise<void>((resolve) => (heldWrite = resolve));
        const result = await write();
        order.push('checkpoint written');
        return result;
      },
      (text) => void (text.includes('SET owner = NULL') && order.push('lease released')),
    );
    let stopped: Promise<void> | undefined;
    const sub: EventSubscription = new EventSubscription({
      pool: holdingPool,
      name: 'stop-sub',
      owner: 's1',
      batchSize: BATCH,
      pollIntervalMs: 30,
      handle: async (events) => {
        // Stop as the last batch is handed over: its checkpoint write starts only after this returns.
        if (!events.some((e) => e.eventId === lastId)) return;
        holdWrites = true;
        stopped = sub.stop();
      },
    });
    try {
      await sub.start();
      await eventually(() => heldWrite !== undefined, 'the last checkpoint write to start');
      heldWrite!();
      await stopped;
    } finally {
      await holdingPool.end();
    }

    assert.deepEqual(order.slice(-2), ['checkpoint written', 'lease released']);
    assert.deepEqual(await checkpoints.load('stop-sub'), endOf(batches.at(-1)!));
  });

  it('hands each batch, read-ahead ones included, what prepare made of that very batch', async () => {
    await startingAtHeadOfLog('prepare-sub');
    const batches = await appendBatches('prepare', 3);
    const handled: Array<{ events: string[]; prepared: string[] }> = [];
    const sub = subscription<string[]>({
      name: 'prepare-sub',
      owner: 'r1',
      prepare: (events) => ids(events),
      handle: async (events, _tx, prepared) => void handled.push({ events: ids(events), prepared }),
    });
    await sub.start();
    await eventually(() => handled.length >= 3, 'three batches');
    await sub.stop();

    assert.deepEqual(
      handled.map((h) => h.events),
      batches.map(ids),
    );
    for (const batch of handled) assert.deepEqual(batch.prepared, batch.events);
  });
});
