import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { EventSubscription, PostgresEventStore, type StoredEvent } from '#event-store';
import { eventually, migratedDatabase, newEvent } from './support.js';

/**
 * A commit's notification can arrive while an older transaction (anywhere on the server) still
 * holds the read horizon back: the event is not readable yet, and when that transaction ends no
 * notification follows. The subscription must not then wait for its next regular poll.
 */
describe('a subscription woken while an older transaction holds the horizon back', async () => {
  const { pool, url } = await migratedDatabase('es_held_horizon', 5);
  const store = new PostgresEventStore(pool);

  it('reads the event soon after that transaction ends, with a regular poll only every 10 minutes', async () => {
    const delivered: StoredEvent[] = [];
    const subscription = new EventSubscription({
      pool,
      name: 'held-horizon',
      owner: 'only',
      pollIntervalMs: 600_000,
      handle: async (events) => void delivered.push(...events),
    });
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await subscription.start();
      await eventually(() => subscription.active, 'the subscription to take its lease');
      // An older transaction with an id: the horizon cannot pass it while it is open.
      await holder.query('BEGIN');
      await holder.query('SELECT pg_current_xact_id()');
      await store.append('held-1', 'no-stream', [newEvent('A')]);
      const polls = subscription.polls;
      await eventually(() => subscription.polls > polls, 'a read woken by the commit, which finds nothing readable');
      assert.equal(delivered.length, 0, 'not readable while the older transaction is open');
      await holder.query('COMMIT');
      await eventually(() => delivered.some((event) => event.streamId === 'held-1'), 'the event delivered without a notification', 5_000);
    } finally {
      await holder.end().catch(() => undefined);
      await subscription.stop();
    }
  });
});
