import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CancelJobExecutionCommand, CreateJobCommand } from '@aws-sdk/client-iot';
import { StartNextPendingJobExecutionCommand, UpdateJobExecutionCommand } from '@aws-sdk/client-iot-jobs-data-plane';
import { pollUntil, type ServiceUnderTest, startServiceUnderTest, testKafkaBrokers } from '#testing';
import { KafkaPublisher, jobTopics, type ContractEvent, type JobExecutionPayload } from '#messaging';
import pg from 'pg';
import { rebuildAuditHistory } from '../src/rebuild-history.js';
import { collectTopics, startHistory, storeEventIds, testKafka, thingArn, uniqueName, uniquePrefix, type HistoryUnderTest } from './support.js';

/** The whole path: SDK command → event store → relay → Kafka → history consumer → history API. */
describe('cancel through the SDK, seen on Kafka and in the audit history', () => {
  const prefix = uniquePrefix('cancel');
  const kafka = testKafka('history-e2e');
  let sut: ServiceUnderTest;
  let history: HistoryUnderTest;
  let collector: Awaited<ReturnType<typeof collectTopics>>;
  const jobId = uniqueName('job');
  const thingName = uniqueName('thing');
  const otherThing = uniqueName('thing');

  before(async () => {
    sut = await startServiceUnderTest({ kafka: { brokers: testKafkaBrokers(), topicPrefix: prefix } });
    collector = await collectTopics(kafka, prefix);
    history = await startHistory(prefix);
    await sut.cp.send(new CreateJobCommand({ jobId, targets: [thingArn(thingName), thingArn(otherThing)], document: '{"op":"reboot"}' }));
    await sut.dp.send(new StartNextPendingJobExecutionCommand({ thingName }));
    await sut.dp.send(new UpdateJobExecutionCommand({ jobId, thingName, status: 'IN_PROGRESS', statusDetails: { step: '1' } }));
    await sut.cp.send(new CancelJobExecutionCommand({ jobId, thingName, force: true }));
  });
  after(async () => {
    await collector?.stop();
    await history?.stop();
    await sut?.stop();
  });

  const canceledOnTopic = () =>
    pollUntil(() => collector.received.find((m) => m.payload.eventType === 'JobExecutionCanceled'), {
      description: 'JobExecutionCanceled on the topic',
    });

  it('publishes JobExecutionCanceled with the documented key, CloudEvents headers and payload', async () => {
    const message = await canceledOnTopic();
    const { rows } = await history.consumer.pool.query('SELECT 1'); // history store is reachable
    assert.equal(rows.length, 1);
    assert.equal(message.key, thingName);
    const h = message.headers;
    assert.equal(h.ce_specversion, '1.0');
    assert.equal(h.ce_type, 'JobExecutionCanceled');
    assert.equal(h.ce_source, '//iot-jobs/us-east-1/123456789012');
    assert.equal(h.ce_subject, `job-execution/${jobId}/${thingName}`);
    assert.equal(h['content-type'], 'application/json');
    assert.equal(h['x-stream-version'], '4');
    assert.match(h.ce_id!, /^[0-9a-f-]{36}$/);
    assert.ok(!Number.isNaN(Date.parse(h.ce_time!)));
    assert.match(h['x-global-position']!, /^\d+$/);
    const p = message.payload as JobExecutionPayload;
    assert.equal(p.eventId, h.ce_id);
    assert.equal(p.kind, 'job-execution');
    assert.equal(p.operation, 'canceled');
    assert.equal(p.jobId, jobId);
    assert.equal(p.thingArn, thingArn(thingName));
    assert.equal(p.status, 'CANCELED');
    assert.equal(p.previousStatus, 'IN_PROGRESS');
    assert.equal(p.force, true);
    assert.deepEqual(p.statusDetails, { step: '1' });
    assert.equal(p.versionNumber, 4);
    assert.equal(p.actor, 'AKIDEXAMPLEOPERATOR');
  });

  it("delivers one thing's events in stream-version order, job events keyed by jobId", async () => {
    await canceledOnTopic();
    const ofThing = collector.received.filter((m) => m.key === thingName).map((m) => m.payload.streamVersion);
    assert.deepEqual(ofThing, [1, 2, 3, 4]);
    // The job events are on another topic: Kafka orders within a partition, not across topics, so
    // JobCreated may arrive after the cancel it preceded.
    await pollUntil(() => collector.received.some((m) => m.payload.kind === 'job') || undefined, { description: 'a job event on the jobs topic' });
    const jobMessages = collector.received.filter((m) => m.payload.kind === 'job');
    assert.ok(jobMessages.every((m) => m.key === jobId));
  });

  it('shows the cancel in the history of the execution, the thing and the job, with filters and paging', async () => {
    const executionPath = `/history/jobs/${jobId}/things/${thingName}`;
    const page = await pollUntil(
      async () => {
        const r = await history.get(executionPath);
        return r.body.events?.length === 4 ? r : undefined;
      },
      { description: 'four events in the execution history' },
    );
    assert.equal(page.status, 200);
    assert.deepEqual(
      page.body.events.map((e: any) => e.eventType),
      ['JobExecutionQueued', 'JobExecutionStarted', 'JobExecutionUpdated', 'JobExecutionCanceled'],
    );
    const canceled = await history.get(`/history/things/${thingName}?eventType=JobExecutionCanceled&actor=AKIDEXAMPLEOPERATOR`);
    assert.equal(canceled.body.events.length, 1);
    assert.equal(canceled.body.events[0].payload.previousStatus, 'IN_PROGRESS');
    const nobody = await history.get(`/history/things/${thingName}?actor=someone-else`);
    assert.equal(nobody.body.events.length, 0);
    const future = await history.get(`/history/jobs/${jobId}?from=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`);
    assert.equal(future.body.events.length, 0);

    const jobHistory = await pollUntil(
      async () => {
        const r = await history.get(`/history/jobs/${jobId}`);
        return r.body.events?.length >= 6 ? r : undefined; // JobCreated + 2 Queued + Started + Updated + Canceled
      },
      { description: 'the job history' },
    );
    const first = await history.get(`/history/jobs/${jobId}?maxResults=2`);
    const second = await history.get(`/history/jobs/${jobId}?maxResults=2&nextToken=${first.body.nextToken}`);
    assert.equal(first.body.events.length, 2);
    assert.deepEqual(
      [...first.body.events, ...second.body.events].map((e: any) => e.eventId),
      jobHistory.body.events.slice(0, 4).map((e: any) => e.eventId),
    );
    assert.equal((await history.get(`/history/jobs/${jobId}?maxResults=0`)).status, 400);
  });

  it('rebuilds the execution state as of a version and as of a time from its events', async () => {
    const path = `/history/jobs/${jobId}/things/${thingName}/state`;
    await pollUntil(async () => ((await history.get(`${path}?asOfVersion=4`)).status === 200 ? true : undefined));
    const atTwo = await history.get(`${path}?asOfVersion=2`);
    assert.equal(atTwo.body.executions[0].status, 'IN_PROGRESS');
    assert.equal(atTwo.body.executions[0].versionNumber, 2);
    const now = await history.get(`${path}?asOfTime=${encodeURIComponent(new Date().toISOString())}&executionNumber=1`);
    assert.equal(now.body.executions[0].status, 'CANCELED');
    assert.equal(now.body.executions[0].forceCanceled, true);
    const before = await history.get(`${path}?asOfTime=2000-01-01T00:00:00Z`);
    assert.equal(before.status, 404);
  });

  it('projects an event delivered twice exactly once', async () => {
    const message = await canceledOnTopic();
    const eventId = message.payload.eventId;
    await pollUntil(() => history.outcomes.find((o) => o.eventId === eventId && o.outcome === 'applied'));
    await redeliver(message);
    const again = await pollUntil(() => history.outcomes.find((o) => o.eventId === eventId && o.outcome === 'duplicate'), {
      description: 'the redelivered event seen by the consumer',
    });
    assert.equal(again.outcome, 'duplicate');
    const { rows } = await history.consumer.pool.query('SELECT count(*)::int AS n FROM audit_history WHERE event_id = $1', [eventId]);
    assert.equal(rows[0].n, 1);
  });

  it('rebuilds the audit history from the event store into exactly what the consumer built', async () => {
    const inStore = await storeEventIds(sut.db.url);
    const before = await pollUntil(
      async () => {
        const rows = await history.rows();
        return rows.length === inStore.length ? rows : undefined;
      },
      { description: 'every stored event projected by the consumer' },
    );
    const indexesBefore = await indexShapes(history.db.url);
    const progress: number[] = [];
    const result = await rebuildAuditHistory({
      eventStoreUrl: sut.db.url,
      historyUrl: history.db.url,
      context: { source: '//iot-jobs/us-east-1/123456789012', region: 'us-east-1', accountId: '123456789012' },
      batchSize: 3,
      onProgress: (done) => progress.push(done),
    });
    assert.equal(result.rebuilt, before.length);
    assert.ok(progress.length > 2 && progress.at(-1) === before.length);
    assert.deepEqual(await history.rows(), before);
    // The rebuild creates keys and indexes after the copy; the swapped-in table must have them all.
    assert.deepEqual(await indexShapes(history.db.url), indexesBefore);
    assert.equal(indexesBefore.length, 5);
  });

  async function redeliver(message: ContractEvent): Promise<void> {
    const publisher = new KafkaPublisher(kafka);
    await publisher.connect();
    try {
      await publisher.send(jobTopics(prefix).jobExecutions, [{ key: message.key, value: JSON.stringify(message.payload), headers: message.headers }]);
    } finally {
      await publisher.disconnect();
    }
  }
});

/** audit_history's indexes (keys included) as definitions without their names, sorted. */
async function indexShapes(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ shape: string }>(
      `SELECT regexp_replace(pg_get_indexdef(indexrelid), '^(CREATE (UNIQUE )?INDEX) \\S+ ON', '\\1 ON') AS shape
       FROM pg_index WHERE indrelid = 'audit_history'::regclass ORDER BY 1`,
    );
    return rows.map((row) => row.shape);
  } finally {
    await client.end();
  }
}
