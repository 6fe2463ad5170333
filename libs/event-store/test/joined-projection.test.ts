import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type pg from 'pg';
import { ConcurrencyError, PostgresEventStore, type InlineProjection, type PendingEvent, type StoredEvent } from '#event-store';
import { migratedDatabase, newEvent } from './support.js';

const { pool } = await migratedDatabase('es_joined', 5);
await pool.query(`CREATE TABLE versions_seen (stream_id text, stream_version bigint, event_type text, via text,
                  PRIMARY KEY (stream_id, stream_version, via))`);

/**
 * Records each event's (stream, version, type) and which path recorded it: `apply` in the append
 * transaction, or `joined` inside the append statement. `joinable` decides per call whether it can
 * join; `table` lets a test make the joined statement fail.
 */
function recordingProjection(joinable: (events: readonly PendingEvent[]) => boolean = () => true, table = 'versions_seen'): InlineProjection {
  return {
    name: 'versions',
    async apply(tx: pg.PoolClient, events: StoredEvent[]) {
      for (const e of events) {
        await tx.query('INSERT INTO versions_seen VALUES ($1, $2, $3, $4)', [e.streamId, e.streamVersion, e.type, 'apply']);
      }
    },
    inAppendStatement(events, sql) {
      if (!joinable(events)) return undefined;
      return events.map((e) => {
        const stream = `${sql.param(e.streamId)}::text`;
        return `INSERT INTO ${table} SELECT ${stream}, ${sql.param(e.streamVersion)}::bigint,
                  ${sql.param(e.type)}::text, 'joined' WHERE ${sql.guard(stream)}`;
      });
    },
  };
}

async function seen(streamId: string): Promise<string[]> {
  const { rows } = await pool.query<{ row: string }>(
    `SELECT stream_version || ':' || event_type || ':' || via AS row FROM versions_seen WHERE stream_id = $1 ORDER BY stream_version, via`,
    [streamId],
  );
  return rows.map((r) => r.row);
}

describe('inline projections joined to the append statement', () => {
  it('write with the events in the one statement of an append with an exact expected version', async () => {
    const store = new PostgresEventStore(pool, { inlineProjections: [recordingProjection()] });
    await store.append('joined-1', 'no-stream', [newEvent('A')]);
    const result = await store.append('joined-1', 1, [newEvent('B'), newEvent('C')]);

    assert.equal(result.nextExpectedVersion, 3);
    assert.deepEqual(
      result.events.map((e) => [e.type, e.streamVersion]),
      [
        ['B', 2],
        ['C', 3],
      ],
    );
    assert.deepEqual(
      (await store.readStream('joined-1')).map((e) => e.type),
      ['A', 'B', 'C'],
    );
    // Creating the stream is not an exact-version append: that one went through `apply`.
    assert.deepEqual(await seen('joined-1'), ['1:A:apply', '2:B:joined', '3:C:joined']);
  });

  it('change nothing when the version check fails, and the conflict names the actual version', async () => {
    const store = new PostgresEventStore(pool, { inlineProjections: [recordingProjection()] });
    await store.append('joined-2', 'no-stream', [newEvent('A'), newEvent('B')]);

    await assert.rejects(store.append('joined-2', 1, [newEvent('C')]), (e) => e instanceof ConcurrencyError && e.actual === 2 && e.expected === 1);
    assert.equal(await store.streamVersion('joined-2'), 2);
    assert.deepEqual(await seen('joined-2'), ['1:A:apply', '2:B:apply']);
  });

  it('fall back to the transaction when a projection cannot join, so every projection runs once', async () => {
    const store = new PostgresEventStore(pool, { inlineProjections: [recordingProjection((events) => events[0]!.type !== 'SLOW')] });
    await store.append('joined-3', 'no-stream', [newEvent('A')]);
    await store.append('joined-3', 1, [newEvent('SLOW')]);
    await store.append('joined-3', 2, [newEvent('B')]);

    assert.deepEqual(await seen('joined-3'), ['1:A:apply', '2:SLOW:apply', '3:B:joined']);
  });

  it('store nothing when a joined statement fails', async () => {
    const store = new PostgresEventStore(pool, { inlineProjections: [recordingProjection(() => true, 'no_such_table')] });
    await store.append('joined-4', 'no-stream', [newEvent('A')]);

    await assert.rejects(store.append('joined-4', 1, [newEvent('B')]), /no_such_table/);
    assert.equal(await store.streamVersion('joined-4'), 1);
    assert.deepEqual(
      (await store.readStream('joined-4')).map((e) => e.type),
      ['A'],
    );
  });

  it('recognise a retried append and do not project it again', async () => {
    const store = new PostgresEventStore(pool, { inlineProjections: [recordingProjection()] });
    await store.append('joined-5', 'no-stream', [newEvent('A')]);
    const retried = [newEvent('B')];
    const first = await store.append('joined-5', 1, retried);
    const again = await store.append('joined-5', 1, retried);

    assert.deepEqual(
      again.events.map((e) => e.eventId),
      first.events.map((e) => e.eventId),
    );
    assert.equal(await store.streamVersion('joined-5'), 2);
    assert.deepEqual(await seen('joined-5'), ['1:A:apply', '2:B:joined']);
  });

  it('let exactly one of many concurrent appends at the same version through, with its projection', async () => {
    const store = new PostgresEventStore(pool, { inlineProjections: [recordingProjection()] });
    await store.append('joined-6', 'no-stream', [newEvent('A')]);
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => store.append('joined-6', 1, [newEvent('B')])));

    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
    assert.ok(outcomes.every((o) => o.status === 'fulfilled' || o.reason instanceof ConcurrencyError));
    assert.equal((await store.readStream('joined-6')).length, 2);
    assert.deepEqual(await seen('joined-6'), ['1:A:apply', '2:B:joined']);
  });
});
