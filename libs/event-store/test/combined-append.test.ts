import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type pg from 'pg';
import { ConcurrencyError, PostgresEventStore, type AppendResult, type InlineProjection, type StoredEvent } from '#event-store';
import { migratedDatabase, newEvent } from './support.js';

const { pool } = await migratedDatabase('es_combined', 5);
await pool.query(`CREATE TABLE projected (stream_id text, stream_version bigint, via text, PRIMARY KEY (stream_id, stream_version))`);

/**
 * Records each event and the path that recorded it. The joined statement of a stream whose name
 * contains "broken" writes to a missing table, so that one write's statement fails; streams whose
 * name contains "slow" cannot join and take the transactional path.
 */
const recording: InlineProjection = {
  name: 'recording',
  async apply(tx: pg.PoolClient, events: StoredEvent[]) {
    for (const e of events) await tx.query(`INSERT INTO projected VALUES ($1, $2, 'apply')`, [e.streamId, e.streamVersion]);
  },
  inAppendStatement(events, sql) {
    if (events.some((e) => e.streamId.includes('slow'))) return undefined;
    return events.map((e) => {
      const table = e.streamId.includes('broken') ? 'no_such_table' : 'projected';
      const stream = `${sql.param(e.streamId)}::text`;
      return `INSERT INTO ${table} SELECT ${stream}, ${sql.param(e.streamVersion)}::bigint, 'joined' WHERE ${sql.guard(stream)}`;
    });
  },
};

const store = new PostgresEventStore(pool, { inlineProjections: [recording] });

async function created(...streamIds: string[]): Promise<void> {
  for (const id of streamIds) await store.append(id, 'no-stream', [newEvent('Created')]);
}

async function projected(streamId: string): Promise<string[]> {
  const { rows } = await pool.query<{ row: string }>(
    `SELECT stream_version || ':' || via AS row FROM projected WHERE stream_id = $1 ORDER BY stream_version`,
    [streamId],
  );
  return rows.map((r) => r.row);
}

const transactionOf = (result: AppendResult): string => result.events[0]!.transactionId;

describe('concurrent one-stream appends combined into one statement', () => {
  it('store appends to different streams made in the same turn in one transaction, each with its own result', async () => {
    await created('c1-a', 'c1-b', 'c1-c');
    const results = await Promise.all(['c1-a', 'c1-b', 'c1-c'].map((id) => store.append(id, 1, [newEvent('Next'), newEvent('More')])));

    assert.deepEqual(
      results.map((r) => r.nextExpectedVersion),
      [3, 3, 3],
    );
    assert.deepEqual(
      results.map((r) => r.events.map((e) => e.streamVersion)),
      [
        [2, 3],
        [2, 3],
        [2, 3],
      ],
    );
    // One statement: one transaction id for all of them.
    assert.equal(new Set(results.map(transactionOf)).size, 1);
    for (const id of ['c1-a', 'c1-b', 'c1-c']) {
      assert.deepEqual(
        (await store.readStream(id)).map((e) => e.type),
        ['Created', 'Next', 'More'],
      );
      assert.deepEqual(await projected(id), ['1:apply', '2:joined', '3:joined']);
    }
  });

  it('refuse only the write whose version check failed, naming its actual version', async () => {
    await created('c2-a', 'c2-b');
    await store.append('c2-b', 1, [newEvent('Moved')]);
    const [ok, stale] = await Promise.allSettled([store.append('c2-a', 1, [newEvent('Next')]), store.append('c2-b', 1, [newEvent('Late')])]);

    assert.equal(ok.status === 'fulfilled' && ok.value.nextExpectedVersion, 2);
    assert.ok(stale.status === 'rejected' && stale.reason instanceof ConcurrencyError && stale.reason.actual === 2);
    assert.deepEqual(
      (await store.readStream('c2-b')).map((e) => e.type),
      ['Created', 'Moved'],
    );
    assert.deepEqual(await projected('c2-a'), ['1:apply', '2:joined']);
    assert.deepEqual(await projected('c2-b'), ['1:apply', '2:joined']);
  });

  it('recognise a retried append among others, and store the others', async () => {
    await created('c3-a', 'c3-b');
    const retried = [newEvent('Once')];
    const first = await store.append('c3-a', 1, retried);
    const [again, other] = await Promise.all([store.append('c3-a', 1, retried), store.append('c3-b', 1, [newEvent('Next')])]);

    assert.deepEqual(
      again.events.map((e) => e.eventId),
      first.events.map((e) => e.eventId),
    );
    assert.equal(other.nextExpectedVersion, 2);
    assert.equal(await store.streamVersion('c3-a'), 2);
    assert.deepEqual(await projected('c3-a'), ['1:apply', '2:joined']);
  });

  it('fail only the write whose statement fails; the others are stored', async () => {
    await created('c4-a', 'c4-broken', 'c4-c');
    const outcomes = await Promise.allSettled(['c4-a', 'c4-broken', 'c4-c'].map((id) => store.append(id, 1, [newEvent('Next')])));

    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.match(String((outcomes[1] as PromiseRejectedResult).reason), /no_such_table/);
    assert.equal(await store.streamVersion('c4-broken'), 1);
    assert.equal(await store.streamVersion('c4-a'), 2);
    assert.equal(await store.streamVersion('c4-c'), 2);
    assert.deepEqual(await projected('c4-c'), ['1:apply', '2:joined']);
  });

  it('send a write that cannot join through the transaction, alongside combined ones', async () => {
    await created('c5-a', 'c5-slow');
    const [a, slow] = await Promise.all([store.append('c5-a', 1, [newEvent('Next')]), store.append('c5-slow', 1, [newEvent('Next')])]);

    assert.equal(a.nextExpectedVersion, 2);
    assert.equal(slow.nextExpectedVersion, 2);
    assert.deepEqual(await projected('c5-a'), ['1:apply', '2:joined']);
    assert.deepEqual(await projected('c5-slow'), ['1:apply', '2:apply']);
  });

  it('never put two appends to one stream in one statement: one of them wins, the other conflicts', async () => {
    await created('c6');
    const outcomes = await Promise.allSettled([store.append('c6', 1, [newEvent('First')]), store.append('c6', 1, [newEvent('Second')])]);

    const won = outcomes.filter((o) => o.status === 'fulfilled');
    assert.equal(won.length, 1);
    assert.ok(outcomes.every((o) => o.status === 'fulfilled' || (o.reason instanceof ConcurrencyError && o.reason.actual === 2)));
    assert.equal((await store.readStream('c6')).length, 2);
    assert.deepEqual(await projected('c6'), ['1:apply', '2:joined']);
  });

  it('keep every outcome right under many concurrent appends, some of them stale', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `c7-${i}`);
    await created(...ids);
    // Every stream gets two appends at version 1: exactly one of each pair may win.
    const outcomes = await Promise.allSettled(ids.flatMap((id) => [store.append(id, 1, [newEvent('A')]), store.append(id, 1, [newEvent('B')])]));

    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, ids.length);
    assert.ok(outcomes.every((o) => o.status === 'fulfilled' || (o.reason instanceof ConcurrencyError && o.reason.actual === 2)));
    for (const id of ids) {
      assert.equal((await store.readStream(id)).length, 2);
      assert.deepEqual(await projected(id), ['1:apply', '2:joined']);
    }
  });
});
