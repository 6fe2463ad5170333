import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type pg from 'pg';
import {
  CheckpointStore,
  checkpointOf,
  EventSubscription,
  PostgresEventStore,
  START_OF_ALL,
  type EventSubscriptionOptions,
  type StoredEvent,
} from '#event-store';
import { eventually, ids, migratedDatabase, newEvent, newEvents } from './support.js';

const { pool } = await migratedDatabase('es_subscription', 10);
const store = new PostgresEventStore(pool);
const checkpoints = new CheckpointStore(pool);

/** Events of one stream only: each test reads the whole log from the start but judges its own. */
function collector(streamId: string) {
  const seen: StoredEvent[] = [];
  const handle = async (events: StoredEvent[]) => void seen.push(...events.filter((e) => e.streamId === streamId));
  return { seen, handle };
}

type Required3 = Pick<EventSubscriptionOptions, 'name' | 'owner' | 'handle'>;
function subscription(options: Partial<EventSubscriptionOptions> & Required3) {
  return new EventSubscription({ pool, pollIntervalMs: 30, leaseMs: 2_000, batchSize: 3, ...options });
}

describe('CheckpointStore', () => {
  it('hands the lease to one owner at a time and only lets the holder move the checkpoint', async () => {
    assert.equal(await checkpoints.tryAcquire('cp', 'one', 60_000), true);
    assert.equal(await checkpoints.tryAcquire('cp', 'two', 60_000), false);
    assert.equal(await checkpoints.tryAcquire('cp', 'one', 60_000), true, 'the holder may re-acquire');
    assert.deepEqual(await checkpoints.load('cp'), START_OF_ALL);

    const next = { transactionId: '900', globalPosition: '12' };
    assert.equal(await checkpoints.store('cp', 'two', START_OF_ALL, next), false, 'not the holder');
    const stale = { transactionId: '1', globalPosition: '1' };
    assert.equal(await checkpoints.store('cp', 'one', stale, next), false, 'stale previous');
    assert.equal(await checkpoints.store('cp', 'one', START_OF_ALL, next), true);
    assert.deepEqual(await checkpoints.load('cp'), next);
    assert.equal(await checkpoints.renew('cp', 'two', 60_000), false);

    await checkpoints.release('cp', 'one');
    assert.equal(await checkpoints.store('cp', 'one', next, START_OF_ALL), false, 'released');
    assert.equal(await checkpoints.tryAcquire('cp', 'two', 60_000), true);
    assert.deepEqual(await checkpoints.load('cp'), next, 'the position survives a change of owner');
  });

  it('lets another owner take an expired lease', async () => {
    assert.equal(await checkpoints.tryAcquire('cp-expiry', 'one', 1), true);
    await eventually(() => checkpoints.tryAcquire('cp-expiry', 'two', 60_000), 'the lease to expire');
    assert.equal(await checkpoints.renew('cp-expiry', 'one', 60_000), false);
  });
});

describe('EventSubscription', () => {
  it('delivers the log in order, in batches, and stores the checkpoint after each', async () => {
    const written = await store.append('ordered', 'no-stream', newEvents(7));
    const { seen, handle } = collector('ordered');
    const sub = subscription({ name: 'ordered-sub', owner: 'o1', handle });
    await sub.start();
    await eventually(() => seen.length >= 7, 'all seven events');
    await sub.stop();

    assert.deepEqual(ids(seen), ids(written.events));
    const all = await store.readAll(START_OF_ALL, 10_000);
    assert.deepEqual(await checkpoints.load('ordered-sub'), checkpointOf(all.at(-1)!));
  });

  it('hands on only the event types it names, with their data, and moves the checkpoint past the rest', async () => {
    const mixed = [...newEvents(2, 'Skipped'), newEvent('Wanted', { n: 1 }), ...newEvents(5, 'Skipped'), newEvent('Wanted', { n: 2 })];
    await store.append('typed', 'no-stream', mixed);
    const tail = await store.append('typed-tail', 'no-stream', newEvents(4, 'Skipped'));
    const seen: StoredEvent[] = [];
    const batches: string[][] = [];
    const sub = subscription({
      name: 'typed-sub',
      owner: 'o1',
      eventTypes: ['Wanted'],
      handle: async (events) => {
        batches.push(events.map((event) => event.type));
        seen.push(...events.filter((event) => event.streamId === 'typed'));
      },
    });
    await sub.start();
    const end = checkpointOf(tail.events.at(-1)!);
    await eventually(async () => {
      const stored = await checkpoints.load('typed-sub');
      return BigInt(stored.transactionId) >= BigInt(end.transactionId) && BigInt(stored.globalPosition) >= BigInt(end.globalPosition);
    }, 'the checkpoint to pass the trailing events of other types');
    await sub.stop();

    assert.deepEqual(
      seen.map((event) => event.data),
      [{ n: 1 }, { n: 2 }],
    );
    assert.ok(
      batches.every((types) => types.length > 0 && types.every((type) => type === 'Wanted')),
      JSON.stringify(batches),
    );
  });

  it('tells each instance when it takes the lease and when it gives it up', async () => {
    const changes: string[] = [];
    const handle = async () => undefined;
    const subA = subscription({ name: 'lease-changes', owner: 'A', handle, onLeaseChange: (held) => changes.push(`A ${held}`) });
    const subB = subscription({ name: 'lease-changes', owner: 'B', handle, onLeaseChange: (held) => changes.push(`B ${held}`) });
    await subA.start();
    await eventually(() => subA.active, 'A to take the lease');
    await subB.start();
    await subA.stop();
    await eventually(() => subB.active, 'B to take over');
    await subB.stop();
    assert.deepEqual(changes, ['A true', 'A false', 'B true', 'B false']);
  });

  it('runs one instance at a time; the other takes over from the checkpoint when it stops', async () => {
    const a = collector('shared');
    const b = collector('shared');
    const subA = subscription({ name: 'shared-sub', owner: 'A', handle: a.handle });
    const subB = subscription({ name: 'shared-sub', owner: 'B', handle: b.handle });
    await subA.start();
    await eventually(() => subA.active, 'A to take the lease');
    await subB.start();

    const firstBatch = await store.append('shared', 'no-stream', newEvents(5));
    await eventually(() => a.seen.length >= 5, 'A to handle the first events');
    const pollsOfB = subB.polls;
    await eventually(() => subB.polls >= pollsOfB + 3, 'B to try a few times');
    assert.equal(subB.active, false);
    assert.deepEqual(b.seen, []);

    await subA.stop();
    await eventually(() => subB.active, 'B to take over');
    const secondBatch = await store.append('shared', 5, newEvents(5));
    await eventually(() => b.seen.length >= 5, 'B to handle the later events');
    await subB.stop();

    assert.deepEqual(ids(a.seen), ids(firstBatch.events));
    assert.deepEqual(ids(b.seen), ids(secondBatch.events), 'B starts where A stopped: no duplicates, no gaps');
  });

  it('takes over an expired lease of an owner that vanished without releasing it', async () => {
    assert.equal(await checkpoints.tryAcquire('orphan-sub', 'crashed', 300), true);
    const written = await store.append('orphan', 'no-stream', newEvents(2));
    const { seen, handle } = collector('orphan');
    const sub = subscription({ name: 'orphan-sub', owner: 'heir', handle });
    await sub.start();
    await eventually(() => seen.length >= 2, 'the heir to process after the lease expired');
    await sub.stop();
    assert.deepEqual(ids(seen), ids(written.events));
  });

  it('retries a failing batch after a backoff instead of skipping it', async () => {
    const written = await store.append('flaky', 'no-stream', newEvents(2));
    const attempts: string[][] = [];
    const errors: unknown[] = [];
    const seen: StoredEvent[] = [];
    const sub = subscription({
      name: 'flaky-sub',
      owner: 'f1',
      batchSize: 1000,
      retryBackoffMs: { initial: 10, max: 40 },
      onError: (e) => errors.push(e),
      handle: async (events) => {
        const mine = events.filter((e) => e.streamId === 'flaky');
        attempts.push(ids(mine));
        if (attempts.length <= 2) throw new Error(`attempt ${attempts.length} fails`);
        seen.push(...mine);
      },
    });
    // Events become readable once every older transaction of the whole server has ended (other
    // test files' too), so wait for that first: then every attempt must carry the same batch.
    await eventually(async () => (await store.readAll(START_OF_ALL, 10_000)).some((e) => e.streamId === 'flaky'), 'the events to be readable');
    await sub.start();
    await eventually(() => seen.length >= 2, 'the batch to succeed on the third attempt');
    await sub.stop();

    assert.equal(errors.length, 2);
    assert.deepEqual(attempts, [ids(written.events), ids(written.events), ids(written.events)]);
    assert.deepEqual(ids(seen), ids(written.events));
  });

  it("in transactional mode commits the handler's writes with the checkpoint, or neither", async () => {
    await pool.query('CREATE TABLE handled (event_id uuid PRIMARY KEY)');
    const written = await store.append('tx-mode', 'no-stream', newEvents(3));
    let calls = 0;
    const errors: unknown[] = [];
    const sub = subscription({
      name: 'tx-sub',
      owner: 't1',
      transactional: true,
      batchSize: 1000,
      retryBackoffMs: { initial: 10, max: 40 },
      onError: (e) => errors.push(e),
      handle: async (events, tx?: pg.PoolClient) => {
        calls += 1;
        // A plain INSERT: had the failed first attempt's rows survived, the retry would hit the key.
        for (const e of events) await tx!.query('INSERT INTO handled (event_id) VALUES ($1)', [e.eventId]);
        if (calls === 1) throw new Error('fail after writing');
      },
    });
    const handledIds = async () => new Set((await pool.query<{ event_id: string }>('SELECT event_id FROM handled')).rows.map((r) => r.event_id));
    await sub.start();
    await eventually(async () => {
      const handled = await handledIds();
      return written.events.every((e) => handled.has(e.eventId));
    }, 'every event to be handled');
    await sub.stop();

    assert.ok(calls >= 2);
    assert.deepEqual(
      errors.map((e) => (e as Error).message),
      ['fail after writing'],
      'the retry found no rows left over from the failed attempt',
    );
    const checkpoint = await checkpoints.load('tx-sub');
    const last = written.events.at(-1)!;
    const covered =
      BigInt(checkpoint.transactionId) > BigInt(last.transactionId) ||
      (checkpoint.transactionId === last.transactionId && BigInt(checkpoint.globalPosition) >= BigInt(last.globalPosition));
    assert.ok(covered, 'the checkpoint covers the handled events');
  });
});
