import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createKafka, OutboxRelay, type Kafka } from '#messaging';
import { freshDatabase, pollUntil, type TestDatabase } from '#testing';
import { OwnBroker } from './own-broker.js';
import { appendExecutionEvents, eventStoreOn } from './relay-support.js';
import { collectTopics, storeEventIds, uniquePrefix } from './support.js';

/** Kafka goes away while writes keep succeeding; once it is back, every event gets through. */
describe('relay across a broker outage', () => {
  const broker = new OwnBroker();
  const prefix = uniquePrefix('outage');
  let db: TestDatabase;
  let store: Awaited<ReturnType<typeof eventStoreOn>>;
  let relay: OutboxRelay;
  let kafka: Kafka;

  before(async () => {
    await broker.start();
    kafka = createKafka({ brokers: [broker.brokers], clientId: 'outage-test', logLevel: 'nothing', connectionTimeoutMs: 1_000 });
    db = await freshDatabase('relay_outage');
    store = await eventStoreOn(db.url);
    relay = new OutboxRelay({
      pool: store.pool,
      kafka,
      context: { source: '//iot-jobs/us-east-1/123456789012', region: 'us-east-1', accountId: '123456789012' },
      topicPrefix: prefix,
      retryBackoffMs: { initial: 100, max: 1_000 },
    });
    await relay.start();
  });
  after(async () => {
    await relay?.stop();
    await store?.pool.end();
    await db?.drop();
    await broker.destroy();
  });

  it('keeps accepting writes while the broker is down and delivers all of them after it returns', async () => {
    await appendExecutionEvents(store.store, 'job-1', 'thing-1', 5);
    const before = await collectTopics(kafka, prefix);
    await pollUntil(() => (before.received.length === 5 ? true : undefined), { description: 'first five delivered' });
    await before.stop();

    await broker.stop();
    await appendExecutionEvents(store.store, 'job-1', 'thing-1', 10); // the API's writes do not depend on Kafka
    // Nothing is acknowledged while the broker is down, so the checkpoint stays on the fifth event.
    const { rows } = await store.pool.query(
      `SELECT c.checkpoint_gp = (SELECT global_position FROM es_events WHERE stream_version = 5) AS held
         FROM es_checkpoints c WHERE c.subscription LIKE 'kafka-relay:%'`,
    );
    assert.equal(rows[0].held, true);
    await broker.restart();

    const expected = await storeEventIds(db.url);
    assert.equal(expected.length, 15);
    const afterwards = await collectTopics(kafka, prefix);
    try {
      await pollUntil(() => {
        const seen = new Set(afterwards.received.map((m) => m.payload.eventId));
        return expected.every((id) => seen.has(id)) ? true : undefined;
      }, { description: 'all 15 events on the restarted broker', timeoutMs: 45_000 });
      const versions = afterwards.received.map((m) => m.payload.streamVersion);
      assert.deepEqual([...new Set(versions)], Array.from({ length: 15 }, (_, i) => i + 1));

    } finally {
      await afterwards.stop();
    }
  });
});
