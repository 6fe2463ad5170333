import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freshDatabase, pollUntil, testKafkaBrokers, type TestDatabase } from '#testing';
import { HEADERS, type ContractEvent } from '#messaging';
import { appendExecutionEvents, eventStoreOn, leaseHolderPid, spawnRelay, type RelayProcess } from './relay-support.js';
import { collectTopics, startHistory, storeEventIds, testKafka, uniquePrefix, type HistoryUnderTest } from './support.js';

/**
 * Two standalone relays in child processes over one store: only the lease holder publishes; the
 * holder is SIGKILLed in the middle of the stream and the other takes over. Every event still
 * reaches Kafka and the history ends with every stream complete: no gap, no duplicate row.
 */
describe('relay single-active, crash and hand-over', () => {
  const prefix = uniquePrefix('failover');
  let db: TestDatabase;
  let store: Awaited<ReturnType<typeof eventStoreOn>>;
  let history: HistoryUnderTest;
  let collector: Awaited<ReturnType<typeof collectTopics>>;
  const relays: RelayProcess[] = [];

  before(async () => {
    db = await freshDatabase('relay_failover');
    store = await eventStoreOn(db.url);
    collector = await collectTopics(testKafka('failover-collector'), prefix);
    history = await startHistory(prefix);
  });
  after(async () => {
    for (const relay of relays) relay.child.kill('SIGKILL');
    await Promise.all(relays.map((r) => r.exited));
    await collector?.stop();
    await history?.stop();
    await store?.pool.end();
    await db?.drop();
  });

  it('publishes through exactly one relay, survives SIGKILL of it, and loses or duplicates nothing', async () => {
    const env = {
      DATABASE_URL: db.url,
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_RELAY_BATCH_SIZE: '3',
      KAFKA_RELAY_LEASE_MS: '1500',
    };
    relays.push(await spawnRelay(env), await spawnRelay(env));
    const things = ['thing-a', 'thing-b', 'thing-c'];
    await Promise.all(things.map((thing) => appendExecutionEvents(store.store, 'job-1', thing, 10)));
    await pollUntil(() => (collector.received.length >= 6 ? true : undefined), { description: 'first batches published' });

    const holder = await pollUntil(() => leaseHolderPid(store.pool), { description: 'a lease holder' });
    const active = relays.find((r) => r.pid === holder)!;
    const standby = relays.find((r) => r.pid !== holder)!;
    assert.ok(active && standby, 'the lease holder is one of our two relays');
    // While the holder is alive the standby never publishes: every record so far carries the
    // holder's owner id (x-relay-owner), and the lease row still names it.
    assert.equal(await leaseHolderPid(store.pool), holder);
    const beforeKill = collector.received.slice();
    assert.deepEqual([...new Set(beforeKill.map(publisherPid))], [holder], 'only the lease holder published');

    // Kill it while the store keeps growing, so it dies with work in flight.
    const appending = Promise.all(things.map((thing) => appendExecutionEvents(store.store, 'job-1', thing, 10)));
    active.child.kill('SIGKILL');
    await active.exited;
    await appending;

    const expected = await storeEventIds(db.url);
    assert.equal(expected.length, 60);
    await pollUntil(
      () => {
        const seen = new Set(collector.received.map((m) => m.payload.eventId));
        return expected.every((id) => seen.has(id)) ? true : undefined;
      },
      { description: 'every stored event on Kafka after the hand-over', timeoutMs: 30_000 },
    );
    assert.equal(await leaseHolderPid(store.pool), standby.pid);
    // After the kill the standby took over: it published the rest, and nobody else ever did.
    const afterKill = collector.received.slice(beforeKill.length);
    assert.ok(
      afterKill.some((m) => publisherPid(m) === standby.pid),
      'the standby published after the hand-over',
    );
    assert.deepEqual(
      [...new Set(collector.received.map(publisherPid))].sort(),
      [holder, standby.pid].sort(),
      'every record was published by one of the two relays',
    );

    // Per thing, the first delivery of each version comes in version order (re-sends after the
    // crash may repeat a tail, never reorder it).
    for (const thing of things) {
      const firstSeen: number[] = [];
      for (const m of collector.received.filter((r) => r.key === thing)) {
        if (!firstSeen.includes(m.payload.streamVersion)) firstSeen.push(m.payload.streamVersion);
      }
      assert.deepEqual(
        firstSeen,
        Array.from({ length: 20 }, (_, i) => i + 1),
        `order of ${thing}`,
      );
    }

    const rows = await pollUntil(
      async () => {
        const r = await history.rows();
        return r.length === expected.length ? r : undefined;
      },
      { description: 'history complete', timeoutMs: 20_000 },
    );
    for (const thing of things) {
      const versions = rows.filter((r) => r.thing_name === thing).map((r) => Number(r.stream_version));
      assert.deepEqual(
        versions,
        Array.from({ length: 20 }, (_, i) => i + 1),
        `history of ${thing} has no gap or duplicate`,
      );
    }
    assert.equal(history.outcomes.filter((o) => o.outcome === 'applied-after-gap').length, 0);
  });
});

/** The pid part of the relay owner id (`<host>:<pid>:<uuid>`) the record was stamped with. */
function publisherPid(message: ContractEvent): number {
  const owner = message.headers[HEADERS.relayOwner];
  assert.ok(owner, `record ${message.payload.eventId} has no ${HEADERS.relayOwner} header`);
  return Number(owner.split(':')[1]);
}
