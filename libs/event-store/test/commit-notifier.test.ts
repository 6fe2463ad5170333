import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { CheckpointStore, checkpointOf, EventSubscription, PostgresEventStore, START_OF_ALL } from '#event-store';
import { CommitNotifier } from '../src/commit-notifier.js';
import { eventually, migratedDatabase, newEvent } from './support.js';

/** A Queryable whose queries the test settles by hand. */
function manualDatabase() {
  const sent: Array<{ text: string; resolve: () => void; reject: (error: Error) => void }> = [];
  const db = {
    query: (text: string) => new Promise<never>((resolve, reject) => sent.push({ text, resolve: () => resolve(undefined as never), reject })),
  } as unknown as pg.Pool;
  return { db, sent };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('CommitNotifier', () => {
  it('sends one NOTIFY at once, and one more for all commits made while it was in flight', async () => {
    const { db, sent } = manualDatabase();
    const notifier = new CommitNotifier(db, { intervalMs: 0 });
    notifier.committed();
    notifier.committed();
    notifier.committed();
    assert.equal(sent.length, 1);
    assert.match(sent[0]!.text, /pg_notify\('es_events'/);
    sent[0]!.resolve();
    await settled();
    assert.equal(sent.length, 2, 'the commits made meanwhile get a notification that started after them');
    sent[1]!.resolve();
    await settled();
    assert.equal(sent.length, 2, 'and nothing more once everyone is covered');
  });

  it('reports a failed NOTIFY and keeps notifying later commits', async () => {
    const { db, sent } = manualDatabase();
    const errors: unknown[] = [];
    const notifier = new CommitNotifier(db, { intervalMs: 0, onError: (error) => errors.push(error) });
    notifier.committed();
    sent[0]!.reject(new Error('connection lost'));
    await settled();
    assert.equal(errors.length, 1);
    notifier.committed();
    assert.equal(sent.length, 2);
  });

  it('spaces notifications: a commit soon after one waits for the interval, and shares it with later ones', async () => {
    const { db, sent } = manualDatabase();
    const notifier = new CommitNotifier(db, { intervalMs: 50 });
    notifier.committed();
    sent[0]!.resolve();
    await settled();
    const before = performance.now();
    notifier.committed();
    notifier.committed();
    assert.equal(sent.length, 1, 'not at once: the last one started less than 50 ms ago');
    await eventually(() => sent.length === 2, 'the spaced notification');
    assert.ok(performance.now() - before >= 40, 'after about the interval');
    sent[1]!.resolve();
    await settled();
    assert.equal(sent.length, 2, 'one notification covered both commits');
  });
});

describe('PostgresEventStore wakes subscribers after its commits', async () => {
  const { pool, url } = await migratedDatabase('es_notify', 5);
  const store = new PostgresEventStore(pool);
  const checkpoints = new CheckpointStore(pool);

  it('notifies LISTENers after a transactional and after a one-statement append', async () => {
    const listener = new pg.Client({ connectionString: url });
    await listener.connect();
    let notifications = 0;
    listener.on('notification', () => (notifications += 1));
    await listener.query('LISTEN es_events');
    try {
      await store.append('notify-1', 'no-stream', [newEvent('A')]);
      await eventually(() => notifications >= 1, 'a notification after the transactional append');
      const before = notifications;
      await store.append('notify-1', 1, [newEvent('B')]);
      await eventually(() => notifications > before, 'a notification after the one-statement append');
    } finally {
      await listener.end();
    }
  });

  it('wakes a subscription that almost never polls', async () => {
    // The log so far must be readable before the subscription starts: its first read then takes
    // all of it, and with a 10-minute poll nothing else would make it read again. (readAll shows
    // an event only once every older transaction on the server has ended.)
    const { rows } = await pool.query<{ transactionId: string; globalPosition: string }>(
      `SELECT transaction_id::text AS "transactionId", global_position::text AS "globalPosition"
         FROM es_events ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    );
    const head = JSON.stringify(rows[0]);
    const lastReadable = async () => {
      const last = (await store.readAll(START_OF_ALL, 10_000)).at(-1);
      return last === undefined ? undefined : JSON.stringify(checkpointOf(last));
    };
    await eventually(async () => (await lastReadable()) === head, 'the log to be readable', 60_000);
    const subscription = new EventSubscription({ pool, name: 'notify-sub', owner: 'only', pollIntervalMs: 600_000, handle: async () => undefined });
    await subscription.start();
    try {
      await eventually(
        async () => (await pool.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = 'LISTEN es_events'`)).rows[0].n > 0,
        'the subscription to LISTEN',
      );
      // Idle: it has read the whole log and stored its position (its last read found nothing).
      await eventually(async () => JSON.stringify(await checkpoints.load('notify-sub')) === head, 'the subscription to catch up', 60_000);
      const polls = subscription.polls;
      await store.append('notify-2', 'no-stream', [newEvent('A')]);
      // With a 10-minute poll interval only the notification can make it read again. (Whether the
      // event is readable yet depends on every older transaction on the server, so the read itself
      // is not asserted here; the subscription tests cover delivery.)
      await eventually(() => subscription.polls > polls, 'a read woken by the notification');
    } finally {
      await subscription.stop();
    }
  });
});
