import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkpointOf, EventSubscription, PostgresEventStore, START_OF_ALL, type GlobalCheckpoint, type StoredEvent } from '#event-store';
import { eventually, ids, migratedDatabase, newEvent } from './support.js';

const { pool } = await migratedDatabase('es_gap', 10);
const store = new PostgresEventStore(pool);

/** The checkpoint after everything committed so far, so each test only sees its own events. */
async function headOfLog(): Promise<GlobalCheckpoint> {
  let head = START_OF_ALL;
  for (let batch = await store.readAll(head, 1000); batch.length > 0; batch = await store.readAll(head, 1000)) {
    head = checkpointOf(batch[batch.length - 1]!);
  }
  return head;
}

/**
 * Transaction A takes the lower global position but is still open when B (higher position)
 * commits: the situation in which "position > last seen" readers skip A for ever.
 */
async function openTransactionBehindACommit(label: string) {
  const txA = await pool.connect();
  await txA.query('BEGIN');
  const [a] = await store.appendWithin(txA, [{ streamId: `${label}-a`, expectedVersion: 'no-stream', events: [newEvent('A')] }]);
  const b = await store.append(`${label}-b`, 'no-stream', [newEvent('B')]);
  const eventA = a!.events[0]!;
  const eventB = b.events[0]!;
  assert.ok(BigInt(eventA.globalPosition) < BigInt(eventB.globalPosition));
  return {
    eventA,
    eventB,
    async commitA() {
      await txA.query('COMMIT');
      txA.release();
    },
  };
}

describe('commit-ordered reading', () => {
  it('readAll holds back a later commit while an earlier transaction is open, then returns both in order', async () => {
    const from = await headOfLog();
    const gap = await openTransactionBehindACommit('read');

    assert.deepEqual(await store.readAll(from, 100), []);

    await gap.commitA();
    let seen: StoredEvent[] = [];
    // Other sessions on the server can hold the snapshot's xmin back for a moment, hence the poll.
    await eventually(async () => {
      seen = await store.readAll(from, 100);
      return seen.length >= 2;
    }, 'A and B to become readable');
    assert.deepEqual(ids(seen), [gap.eventA.eventId, gap.eventB.eventId]);
    assert.deepEqual(await store.readAll(checkpointOf(seen[1]!), 100), []);
  });

  it('a subscription does not deliver past an open transaction, and resumes without duplicates', async () => {
    const from = await headOfLog();
    await pool.query(`INSERT INTO es_checkpoints (subscription, checkpoint_txid, checkpoint_gp) VALUES ('gap-sub', $1, $2)`, [
      from.transactionId,
      from.globalPosition,
    ]);
    const delivered: StoredEvent[] = [];
    const handle = async (events: StoredEvent[]) => void delivered.push(...events);
    const first = new EventSubscription({ pool, name: 'gap-sub', owner: 'first', handle, pollIntervalMs: 30 });
    await first.start();

    const gap = await openTransactionBehindACommit('sub');
    const pollsBefore = first.polls;
    await eventually(() => first.polls >= pollsBefore + 5, 'the subscription to poll a few times');
    assert.deepEqual(delivered, [], 'nothing may pass the open transaction');

    await gap.commitA();
    await eventually(() => delivered.length >= 2, 'A and B to be delivered');
    assert.deepEqual(ids(delivered), [gap.eventA.eventId, gap.eventB.eventId]);
    await first.stop();

    const later = await store.append('sub-c', 'no-stream', [newEvent('C')]);
    const second = new EventSubscription({ pool, name: 'gap-sub', owner: 'second', handle, pollIntervalMs: 30 });
    await second.start();
    await eventually(() => delivered.length >= 3, 'C to be delivered after the restart');
    const pollsAfterC = second.polls;
    await eventually(() => second.polls >= pollsAfterC + 3, 'a few more polls');
    await second.stop();
    assert.deepEqual(ids(delivered), [gap.eventA.eventId, gap.eventB.eventId, later.events[0]!.eventId]);
  });
});
