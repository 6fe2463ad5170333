import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type pg from 'pg';
import { PostgresEventStore, type InlineProjection, type StoredEvent } from '#event-store';
import { migratedDatabase, newEvent } from './support.js';

const { pool } = await migratedDatabase('es_inline', 5);
await pool.query('CREATE TABLE projected (event_id uuid, stream_id text NOT NULL, projection text, PRIMARY KEY (projection, event_id))');

function recordingProjection(name: string, handles?: string[]): InlineProjection {
  return {
    name,
    handles,
    async apply(tx: pg.PoolClient, events: StoredEvent[]) {
      for (const e of events) {
        await tx.query('INSERT INTO projected (event_id, stream_id, projection) VALUES ($1, $2, $3)', [e.eventId, e.streamId, name]);
      }
    },
  };
}

async function projectedRows(streamId: string): Promise<string[]> {
  const { rows } = await pool.query<{ projection: string; event_id: string }>(
    'SELECT projection, event_id FROM projected WHERE stream_id = $1 ORDER BY projection, event_id',
    [streamId],
  );
  return rows.map((r) => `${r.projection}:${r.event_id}`);
}

describe('inline projections', () => {
  it('write in the append transaction, each seeing only the event types it handles', async () => {
    const store = new PostgresEventStore(pool, {
      inlineProjections: [recordingProjection('all'), recordingProjection('only-b', ['B'])],
    });
    const a = newEvent('A');
    const b = newEvent('B');
    await store.append('proj-1', 'no-stream', [a, b]);

    assert.deepEqual(await projectedRows('proj-1'), [`all:${a.eventId}`, `all:${b.eventId}`, `only-b:${b.eventId}`].sort());
  });

  it('roll back with the events when a projection throws, and the error reaches the caller unchanged', async () => {
    const failure = new Error('read model rejected the event');
    const throwing: InlineProjection = {
      name: 'throwing',
      async apply() {
        throw failure;
      },
    };
    const store = new PostgresEventStore(pool, { inlineProjections: [recordingProjection('all'), throwing] });

    await assert.rejects(store.append('proj-2', 'no-stream', [newEvent('A')]), (e) => e === failure);
    assert.equal(await store.streamVersion('proj-2'), 0);
    assert.deepEqual(await store.readStream('proj-2'), []);
    assert.deepEqual(await projectedRows('proj-2'), [], "the first projection's write was rolled back too");
  });

  it('are invisible until the surrounding transaction commits, and gone if it rolls back', async () => {
    const store = new PostgresEventStore(pool, { inlineProjections: [recordingProjection('all')] });
    const tx = await pool.connect();
    try {
      await tx.query('BEGIN');
      await store.appendWithin(tx, [{ streamId: 'proj-3', expectedVersion: 'no-stream', events: [newEvent('A')] }]);
      assert.deepEqual(await projectedRows('proj-3'), []);
      await tx.query('ROLLBACK');
    } finally {
      tx.release();
    }
    assert.deepEqual(await projectedRows('proj-3'), []);
    assert.equal(await store.streamVersion('proj-3'), 0);
  });

  it('are not run again for an idempotent retry', async () => {
    const store = new PostgresEventStore(pool, { inlineProjections: [recordingProjection('all')] });
    const events = [newEvent('A')];
    await store.append('proj-4', 'no-stream', events);
    // A second run would hit the primary key of `projected` and fail the append.
    await store.append('proj-4', 'no-stream', events);
    assert.equal((await projectedRows('proj-4')).length, 1);
  });
});
