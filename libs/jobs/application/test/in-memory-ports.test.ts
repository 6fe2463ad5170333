import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StreamConflictError, type ExpectedVersion, type StreamWrite } from '#jobs/application';
import { InMemoryEventStore } from './support/in-memory-event-store.js';

/** The in-memory store must keep the real store's rules, or the use-case tests prove nothing. */

const write = (streamId: string, expectedVersion: ExpectedVersion, ...types: string[]): StreamWrite => ({
  streamId,
  expectedVersion,
  events: types.map((type, index) => ({ eventId: `${streamId}-${type}-${index}`, type, data: { type } })),
});

const rejectsAsConflict = (promise: Promise<unknown>, streamId: string) =>
  assert.rejects(promise, (error) => error instanceof StreamConflictError && error.streamId === streamId);

describe('InMemoryEventStore', () => {
  it('numbers a stream from 1 and answers each kind of expected version as the store does', async () => {
    const store = new InMemoryEventStore();
    await rejectsAsConflict(store.append(write('s', 'stream-exists', 'A')), 's');
    await rejectsAsConflict(store.append(write('s', 1, 'A')), 's');
    assert.deepEqual(await store.append(write('s', 0, 'A')), { nextExpectedVersion: 1 });
    await rejectsAsConflict(store.append(write('s', 'no-stream', 'B')), 's');
    await rejectsAsConflict(store.append(write('s', 0, 'B')), 's');
    await rejectsAsConflict(store.append(write('s', 2, 'B')), 's');
    assert.deepEqual(await store.append(write('s', 1, 'B')), { nextExpectedVersion: 2 });
    assert.deepEqual(await store.append(write('s', 'stream-exists', 'C', 'D')), { nextExpectedVersion: 4 });
    assert.deepEqual(await store.append(write('s', 'any', 'E')), { nextExpectedVersion: 5 });
    assert.deepEqual(await store.append(write('t', 'no-stream', 'A')), { nextExpectedVersion: 1 });
    assert.deepEqual(
      (await store.readStream('s')).map(({ type, streamVersion }) => `${type}${streamVersion}`),
      ['A1', 'B2', 'C3', 'D4', 'E5'],
    );
    assert.deepEqual(await store.readStream('missing'), []);
  });

  it('writes several streams all or nothing', async () => {
    const store = new InMemoryEventStore();
    await store.append(write('b', 0, 'B'));
    await rejectsAsConflict(store.appendMany([write('a', 0, 'A'), write('b', 0, 'B')]), 'b');
    assert.equal(store.position(), 1);
    assert.deepEqual(await store.readStream('a'), []);
    assert.deepEqual(await store.appendMany([write('a', 0, 'A'), write('b', 1, 'B')]), [{ nextExpectedVersion: 1 }, { nextExpectedVersion: 2 }]);
    assert.deepEqual(
      store.all().map((event) => `${event.position}:${event.streamId}@${event.streamVersion}`),
      ['1:b@1', '2:a@1', '3:b@2'],
    );
  });

  it('reads a snapshot of the asked schema version and the events after it, or no snapshot', async () => {
    const store = new InMemoryEventStore();
    await store.append(write('s', 0, 'A', 'B', 'C'));
    assert.deepEqual((await store.readSnapshotAndTail('s', 1)).snapshot, undefined);
    store.putSnapshot('s', { schemaVersion: 1, streamVersion: 2, state: { seen: 2 } });
    const { snapshot, events } = await store.readSnapshotAndTail('s', 1);
    assert.deepEqual(snapshot, { streamVersion: 2, state: { seen: 2 } });
    assert.deepEqual(
      events.map((event) => event.type),
      ['C'],
    );
    const otherSchema = await store.readSnapshotAndTail('s', 2);
    assert.equal(otherSchema.snapshot, undefined);
    assert.equal(otherSchema.events.length, 3);
  });

  it('lets another writer in right before the next append, which then conflicts', async () => {
    const store = new InMemoryEventStore();
    await store.append(write('s', 0, 'A'));
    store.interfere(() => store.append(write('s', 1, 'Other')));
    await rejectsAsConflict(store.append(write('s', 1, 'Mine')), 's');
    assert.deepEqual(
      (await store.readStream('s')).map((event) => event.type),
      ['A', 'Other'],
    );
    assert.equal(store.interferencesLeft(), 0);
    await store.append(write('s', 2, 'Mine'));
    assert.deepEqual(
      store.since(1).map((event) => event.type),
      ['Other', 'Mine'],
    );
  });

  it('hands out copies: changing what was read changes nothing stored', async () => {
    const store = new InMemoryEventStore();
    await store.append(write('s', 0, 'A'));
    const [read] = await store.readStream('s');
    read!.data['type'] = 'changed';
    assert.equal((await store.readStream('s'))[0]!.data['type'], 'A');
  });
});
