import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConcurrencyError, isConcurrencyError, PostgresEventStore } from '#event-store';
import { migratedDatabase, newEvent, newEvents } from './support.js';

const { pool } = await migratedDatabase('es_append', 25);
const store = new PostgresEventStore(pool);

describe('append', () => {
  it('stores events at consecutive versions and reads them back as written', async () => {
    const first = newEvent('JobCreated', { jobId: 'j1', nested: { quote: 'a "b" \\ c' } });
    const result = await store.append('job-j1', 'no-stream', [first, newEvent('JobUpdated')], { streamType: 'job' });

    assert.equal(result.nextExpectedVersion, 2);
    const read = await store.readStream('job-j1');
    assert.deepEqual(
      read.map((e) => [e.streamVersion, e.type, e.schemaVersion]),
      [
        [1, 'JobCreated', 1],
        [2, 'JobUpdated', 1],
      ],
    );
    assert.deepEqual(read[0]!.data, first.data);
    assert.deepEqual(read[0]!.metadata, first.metadata);
    assert.equal(read[0]!.eventId, first.eventId);
    assert.match(read[0]!.globalPosition, /^\d+$/);
    assert.match(read[0]!.transactionId, /^\d+$/);
    assert.deepEqual(result.events, read);
    assert.equal(await store.streamVersion('job-j1'), 2);
    assert.equal(await store.streamVersion('job-missing'), 0);
    assert.deepEqual(
      (await store.readStream('job-j1', 2)).map((e) => e.streamVersion),
      [2],
    );
  });

  it('lets exactly one of 50 concurrent appends at the same version win', async () => {
    await store.append('race', 'no-stream', [newEvent()]);
    const outcomes = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => store.append('race', 1, [newEvent('Raced', { i })])));

    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o) => o.status === 'rejected');
    assert.equal(won.length, 1);
    assert.equal(lost.length, 49);
    for (const o of lost) {
      assert.ok(isConcurrencyError(o.reason), String(o.reason));
      assert.equal((o.reason as ConcurrencyError).actual, 2);
    }
    const stream = await store.readStream('race');
    assert.equal(stream.length, 2);
    assert.equal(await store.streamVersion('race'), 2);
  });

  it('treats a retried append with the same event ids as done, storing nothing twice', async () => {
    await store.append('retry', 'no-stream', [newEvent()]);
    const batch = newEvents(3);
    const original = await store.append('retry', 1, batch);
    const retried = await store.append('retry', 1, batch);

    assert.deepEqual(retried, original);
    assert.equal((await store.readStream('retry')).length, 4);

    const again = await store.append('retry', 'any', batch);
    assert.deepEqual(again, original);
    assert.equal(await store.streamVersion('retry'), 4);
  });

  it('recognises concurrent copies of one retried append as a single success', async () => {
    const batch = newEvents(2);
    const results = await Promise.all(Array.from({ length: 8 }, () => store.append('dup-race', 'no-stream', batch)));
    for (const r of results) assert.equal(r.nextExpectedVersion, 2);
    assert.equal((await store.readStream('dup-race')).length, 2);
  });

  it('rejects the same event ids at another position as a conflict', async () => {
    const batch = newEvents(2);
    await store.append('moved', 'no-stream', batch);
    await store.append('moved', 2, [newEvent()]);

    await assert.rejects(store.append('moved', 3, batch), ConcurrencyError);
    await assert.rejects(store.append('elsewhere', 'no-stream', batch), ConcurrencyError);
    await assert.rejects(store.append('moved', 3, [batch[0]!, newEvent()]), ConcurrencyError);
    assert.equal(await store.streamVersion('moved'), 3);
    assert.equal(await store.streamVersion('elsewhere'), 0);
  });

  it('enforces no-stream, stream-exists, exact and any expectations', async () => {
    await store.append('exp', 'no-stream', [newEvent()]);

    await assert.rejects(store.append('exp', 'no-stream', [newEvent()]), (e) => isConcurrencyError(e) && e.actual === 1);
    await assert.rejects(store.append('exp', 0, [newEvent()]), ConcurrencyError);
    await assert.rejects(store.append('exp', 5, [newEvent()]), (e) => isConcurrencyError(e) && e.actual === 1);
    await assert.rejects(store.append('exp-missing', 'stream-exists', [newEvent()]), (e) => isConcurrencyError(e) && e.actual === 0);
    await assert.rejects(store.append('exp-missing', 3, [newEvent()]), ConcurrencyError);

    assert.equal((await store.append('exp', 'stream-exists', [newEvent()])).nextExpectedVersion, 2);
    assert.equal((await store.append('exp', 'any', newEvents(2))).nextExpectedVersion, 4);
    assert.equal((await store.append('exp-any-new', 'any', [newEvent()])).nextExpectedVersion, 1);
    assert.equal((await store.append('exp-zero', 0, [newEvent()])).nextExpectedVersion, 1);
    assert.equal(await store.streamVersion('exp-missing'), 0);
    assert.deepEqual(
      (await store.readStream('exp')).map((e) => e.streamVersion),
      [1, 2, 3, 4],
    );
  });

  it('checks the expectation of an empty append without writing', async () => {
    await store.append('empty', 'no-stream', [newEvent()]);
    assert.deepEqual(await store.append('empty', 1, []), { nextExpectedVersion: 1, events: [] });
    await assert.rejects(store.append('empty', 2, []), ConcurrencyError);
    assert.deepEqual(await store.append('empty-none', 'no-stream', []), { nextExpectedVersion: 0, events: [] });
    assert.equal(await store.streamVersion('empty-none'), 0);
  });

  it('rejects malformed input before touching the database', async () => {
    await assert.rejects(store.append('bad', -1, [newEvent()]), TypeError);
    await assert.rejects(store.append('bad', 1.5, [newEvent()]), TypeError);
    const e = newEvent();
    await assert.rejects(store.append('bad', 'any', [e, e]), TypeError);
    await assert.rejects(store.append('bad', 'any', [{ ...newEvent(), data: undefined as unknown as Record<string, unknown> }]), /has no data/);
    assert.equal(await store.streamVersion('bad'), 0);
  });
});

describe('appendMany', () => {
  it('stores nothing from the batch when one stream conflicts', async () => {
    await store.append('many-existing', 'no-stream', [newEvent()]);
    const writes = [
      { streamId: 'many-a', expectedVersion: 'no-stream' as const, events: newEvents(2) },
      { streamId: 'many-existing', expectedVersion: 'no-stream' as const, events: [newEvent()] },
      { streamId: 'many-b', expectedVersion: 'no-stream' as const, events: newEvents(1) },
    ];

    await assert.rejects(store.appendMany(writes), (e) => isConcurrencyError(e) && e.streamId === 'many-existing');
    assert.equal(await store.streamVersion('many-a'), 0);
    assert.equal(await store.streamVersion('many-b'), 0);
    assert.equal((await store.readStream('many-a')).length, 0);
    assert.equal((await store.readStream('many-existing')).length, 1);

    const stale = [
      { streamId: 'many-c', expectedVersion: 'no-stream' as const, events: newEvents(1) },
      { streamId: 'many-existing', expectedVersion: 7, events: [newEvent()] },
    ];
    await assert.rejects(store.appendMany(stale), (e) => isConcurrencyError(e) && e.actual === 1);
    assert.equal(await store.streamVersion('many-c'), 0);
  });

  it('creates a job stream and 10,000 execution streams in one transaction, quickly', async () => {
    const executions = Array.from({ length: 10_000 }, (_, i) => ({
      streamId: `exec-big-${i}`,
      expectedVersion: 'no-stream' as const,
      streamType: 'job-execution',
      events: [newEvent('JobExecutionQueued', { thingName: `thing-${i}` })],
    }));
    const writes = [
      { streamId: 'job-big', expectedVersion: 'no-stream' as const, streamType: 'job', events: [newEvent('JobCreated')] },
      ...executions,
    ];

    const started = performance.now();
    const results = await store.appendMany(writes);
    const elapsedMs = performance.now() - started;

    assert.equal(results.length, 10_001);
    assert.ok(results.every((r) => r.nextExpectedVersion === 1));
    assert.deepEqual(results[42]!.events[0]!.data, { thingName: 'thing-41' });
    const positions = results.map((r) => BigInt(r.events[0]!.globalPosition));
    assert.ok(
      positions.every((p, i) => i === 0 || p > positions[i - 1]!),
      'global positions follow the given order',
    );
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n, count(DISTINCT transaction_id)::int AS txs FROM es_events WHERE stream_id LIKE 'exec-big-%'`,
    );
    assert.deepEqual(rows[0], { n: 10_000, txs: 1 });
    assert.ok(elapsedMs < 2_000, `took ${Math.round(elapsedMs)} ms`);
  });

  it('updates existing streams of several kinds together', async () => {
    await store.appendMany([
      { streamId: 'mix-1', expectedVersion: 'no-stream', events: [newEvent()] },
      { streamId: 'mix-2', expectedVersion: 'no-stream', events: [newEvent()] },
      { streamId: 'mix-3', expectedVersion: 'no-stream', events: [newEvent()] },
    ]);
    const results = await store.appendMany([
      { streamId: 'mix-1', expectedVersion: 1, events: newEvents(2) },
      { streamId: 'mix-2', expectedVersion: 'stream-exists', events: [newEvent()] },
      { streamId: 'mix-3', expectedVersion: 'any', events: [newEvent()] },
      { streamId: 'mix-4', expectedVersion: 'no-stream', events: [newEvent()] },
    ]);
    assert.deepEqual(
      results.map((r) => r.nextExpectedVersion),
      [3, 2, 2, 1],
    );
    assert.deepEqual(
      results.map((r) => r.events.map((e) => `${e.streamId}@${e.streamVersion}`)),
      [['mix-1@2', 'mix-1@3'], ['mix-2@2'], ['mix-3@2'], ['mix-4@1']],
    );
  });
});
