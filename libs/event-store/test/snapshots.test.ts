import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PostgresEventStore, readSnapshotAndTail, writeSnapshot } from '#event-store';
import { migratedDatabase, newEvents } from './support.js';

describe('snapshots', async () => {
  const { pool } = await migratedDatabase('es_snapshots');
  const store = new PostgresEventStore(pool);

  it('without a snapshot, the whole stream comes back', async () => {
    const appended = newEvents(3);
    await store.append('snap-a', 'no-stream', appended);
    const loaded = await store.readSnapshotAndTail('snap-a', 1);
    assert.equal(loaded.snapshot, undefined);
    assert.deepEqual(
      loaded.events,
      appended.map((e, i) => ({ eventId: e.eventId, type: e.type, schemaVersion: 1, data: e.data, streamId: 'snap-a', streamVersion: i + 1 })),
    );
  });

  it('an unknown stream has neither snapshot nor events', async () => {
    assert.deepEqual(await store.readSnapshotAndTail('snap-none', 1), { events: [] });
  });

  it('with a snapshot, only the events after it come back, in order', async () => {
    await store.append('snap-b', 'no-stream', newEvents(5));
    await writeSnapshot(pool, { streamId: 'snap-b', streamVersion: 3, schemaVersion: 1, state: { folded: 3 } });
    const loaded = await store.readSnapshotAndTail('snap-b', 1);
    assert.deepEqual(loaded.snapshot, { streamVersion: 3, state: { folded: 3 } });
    assert.deepEqual(
      loaded.events.map((e) => e.streamVersion),
      [4, 5],
    );
    assert.deepEqual(
      loaded.events.map((e) => e.data),
      [{ i: 3 }, { i: 4 }],
    );
  });

  it('a snapshot at the head comes back with no events', async () => {
    await store.append('snap-c', 'no-stream', newEvents(2));
    await writeSnapshot(pool, { streamId: 'snap-c', streamVersion: 2, schemaVersion: 1, state: { folded: 2 } });
    assert.deepEqual(await store.readSnapshotAndTail('snap-c', 1), { snapshot: { streamVersion: 2, state: { folded: 2 } }, events: [] });
  });

  it('a snapshot of another schema version is ignored: the stream is read from its first event', async () => {
    await store.append('snap-d', 'no-stream', newEvents(4));
    await writeSnapshot(pool, { streamId: 'snap-d', streamVersion: 4, schemaVersion: 1, state: { old: true } });
    const loaded = await readSnapshotAndTail(pool, 'snap-d', 2);
    assert.equal(loaded.snapshot, undefined);
    assert.deepEqual(
      loaded.events.map((e) => e.streamVersion),
      [1, 2, 3, 4],
    );
  });

  it('an older snapshot never replaces a newer one; a new schema replaces an old one', async () => {
    await store.append('snap-e', 'no-stream', newEvents(6));
    await writeSnapshot(pool, { streamId: 'snap-e', streamVersion: 5, schemaVersion: 1, state: { at: 5 } });
    await writeSnapshot(pool, { streamId: 'snap-e', streamVersion: 2, schemaVersion: 1, state: { at: 2 } });
    assert.deepEqual((await store.readSnapshotAndTail('snap-e', 1)).snapshot, { streamVersion: 5, state: { at: 5 } });
    await writeSnapshot(pool, { streamId: 'snap-e', streamVersion: 2, schemaVersion: 2, state: { at: 2, v: 2 } });
    assert.deepEqual((await store.readSnapshotAndTail('snap-e', 2)).snapshot, { streamVersion: 2, state: { at: 2, v: 2 } });
  });
});
