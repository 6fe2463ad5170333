import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { CheckpointStore, migrateEventStore, PostgresEventStore, type GlobalCheckpoint, type StreamWrite } from '#event-store';
import {
  createKafka,
  decodeJobEventMessage,
  ensureJobTopics,
  HEADERS,
  jobTopics,
  KafkaSubscriber,
  OutboxRelay,
  type ContractEvent,
} from '#messaging';
import { freshDatabase, pollUntil, testKafkaBrokers } from '#testing';

const CONTEXT = { source: '//iot-jobs/us-east-1/123456789012', region: 'us-east-1', accountId: '123456789012' };
const THINGS = ['thing-a', 'thing-b', 'thing-c', 'thing-d', 'thing-e'];
const ROUNDS = 50;
const BATCH = 100;

/** Round r appends version r+1 of every thing's execution stream and of the job's stream, in one commit. */
function round(jobId: string, r: number): StreamWrite[] {
  const version = r + 1;
  const expectedVersion = r === 0 ? ('no-stream' as const) : r;
  const execution = (thingName: string): StreamWrite => ({
    streamId: `job-execution/${jobId}/${thingName}`,
    expectedVersion,
    events: [
      {
        eventId: randomUUID(),
        type: 'JobExecutionUpdated',
        data: { jobId, thingName, executionNumber: 1, versionNumber: version, status: 'IN_PROGRESS' },
        metadata: { actor: 'test' },
      },
    ],
  });
  const job: StreamWrite = {
    streamId: `job/${jobId}`,
    expectedVersion,
    events: [{ eventId: randomUUID(), type: 'JobUpdated', data: { jobId, status: 'IN_PROGRESS' }, metadata: { actor: 'test' } }],
  };
  return [...THINGS.map(execution), job];
}

/**
 * Every stored event in commit order, straight from the table: readAll would leave out events
 * while any transaction on the (shared) server holds its snapshot's xmin back.
 */
async function storedInCommitOrder(pool: pg.Pool): Promise<Array<{ eventId: string; position: GlobalCheckpoint }>> {
  const { rows } = await pool.query<{ event_id: string; txid: string; gp: string }>(
    'SELECT event_id::text, transaction_id::text AS txid, global_position AS gp FROM es_events ORDER BY transaction_id, global_position',
  );
  return rows.map((row) => ({ eventId: row.event_id, position: { transactionId: row.txid, globalPosition: row.gp } }));
}

describe('OutboxRelay against a real broker', () => {
  it('publishes a backlog of several full batches once each, in order per key, and checkpoints its end', async () => {
    const db = await freshDatabase('relay');
    await migrateEventStore(db.url);
    const pool = new pg.Pool({ connectionString: db.url, max: 4 });
    after(async () => {
      await pool.end();
      await db.drop();
    });
    const store = new PostgresEventStore(pool);
    const jobId = `job-${randomUUID().slice(0, 8)}`;
    for (let r = 0; r < ROUNDS; r++) await store.appendMany(round(jobId, r));
    const stored = await storedInCommitOrder(pool);
    assert.ok(stored.length > 2 * BATCH, 'a backlog of more than two full batches (read ahead, prepared ahead)');

    const prefix = `test.relay.${randomUUID().slice(0, 8)}`;
    const kafka = createKafka({ brokers: testKafkaBrokers(), clientId: 'relay-test', logLevel: 'nothing' });
    await ensureJobTopics(kafka, prefix);
    const topics = jobTopics(prefix);
    const received: Array<{ topic: string; event: ContractEvent }> = [];
    const subscriber = new KafkaSubscriber(kafka, {
      groupId: `relay-test-${randomUUID()}`,
      topics: [topics.jobExecutions, topics.jobs],
      fromBeginning: true,
      maxWaitTimeMs: 200,
    });
    await subscriber.connect();
    after(() => subscriber.disconnect());
    await subscriber.run({ eachMessage: async ({ topic, message }) => void received.push({ topic, event: decodeJobEventMessage(message) }) });

    const published: string[] = [];
    const relay = new OutboxRelay({
      pool,
      kafka,
      context: CONTEXT,
      topicPrefix: prefix,
      batchSize: BATCH,
      onPublished: (events) => published.push(...events.map((e) => e.eventId)),
    });
    await relay.start();
    try {
      await pollUntil(() => (received.length >= stored.length ? true : undefined), {
        description: `${stored.length} records consumed`,
        timeoutMs: 60_000,
      });
    } finally {
      await relay.stop();
    }

    assert.deepEqual(
      published,
      stored.map((e) => e.eventId),
      'acknowledged in commit order, each once',
    );
    assert.equal(received.length, stored.length, 'no record published twice');
    assert.deepEqual(new Set(received.map((r) => r.event.payload.eventId)), new Set(published));
    for (const { topic, event } of received) {
      assert.equal(topic, event.payload.kind === 'job' ? topics.jobs : topics.jobExecutions);
      assert.equal(event.headers[HEADERS.relayOwner], relay.owner);
    }
    const versionsByStream = new Map<string, number[]>();
    for (const { event } of received)
      versionsByStream.set(event.payload.streamId, [...(versionsByStream.get(event.payload.streamId) ?? []), event.payload.streamVersion]);
    assert.equal(versionsByStream.size, THINGS.length + 1);
    for (const [streamId, versions] of versionsByStream) {
      assert.deepEqual(
        versions,
        Array.from({ length: ROUNDS }, (_, i) => i + 1),
        `${streamId} arrives in stream order`,
      );
    }
    assert.deepEqual(await new CheckpointStore(pool).load(relay.checkpointName), stored.at(-1)!.position);
  });
});
