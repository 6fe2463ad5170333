import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CancelJobExecutionCommand, CreateJobCommand, DescribeJobCommand } from '@aws-sdk/client-iot';
import { StartNextPendingJobExecutionCommand, UpdateJobExecutionCommand } from '@aws-sdk/client-iot-jobs-data-plane';
import { createKafka, type Kafka } from '#messaging';
import {
  metricOnceItIs,
  metricValue,
  OwnBroker,
  pollUntil,
  scrape,
  type ServiceUnderTest,
  startServiceUnderTest,
  thingArn,
  uniqueName,
} from '#testing';
import { collectTopics, startHistory, storeEventIds, uniquePrefix, type HistoryUnderTest } from './support.js';

/**
 * Kafka goes away while devices and operators keep calling the service through the SDKs: every
 * command still succeeds (the store is the outbox), the relay's lag shows the backlog, and once the
 * broker is back every acknowledged event reaches Kafka and the audit history.
 */
describe('service commands across a broker outage', () => {
  const broker = new OwnBroker();
  const prefix = uniquePrefix('outage');
  let kafka: Kafka;
  let sut: ServiceUnderTest;
  let history: HistoryUnderTest | undefined;
  const jobId = uniqueName('job');
  const [working, canceled, later] = [uniqueName('thing'), uniqueName('thing'), uniqueName('thing')];

  before(async () => {
    await broker.start();
    kafka = createKafka({ brokers: [broker.brokers], clientId: 'outage-test', logLevel: 'nothing', connectionTimeoutMs: 1_000 });
    sut = await startServiceUnderTest({ kafka: { brokers: broker.brokers, topicPrefix: prefix } });
  });
  after(async () => {
    await history?.stop();
    await sut?.stop();
    await broker.destroy();
  });

  const relayLag = async () => metricValue(await scrape(sut.service.url), 'iot_jobs_relay_lag_events');

  it('acknowledges every command while the broker is down and delivers all of it afterwards', async () => {
    await sut.cp.send(new CreateJobCommand({ jobId, targets: [thingArn(working), thingArn(canceled)], document: '{"op":"update"}' }));
    const first = await collectTopics(kafka, prefix);
    const created = await storeEventIds(sut.db.url);
    await pollUntil(() => (created.every((id) => first.received.some((m) => m.payload.eventId === id)) ? true : undefined), {
      description: 'the job creation on Kafka',
    });
    await first.stop();
    await metricOnceItIs(sut.service.url, 'iot_jobs_relay_lag_events', (lag) => lag === 0);
    const publishedBefore = metricValue(await scrape(sut.service.url), 'iot_jobs_relay_published_events_total')!;
    assert.ok(publishedBefore >= created.length, `published ${publishedBefore} of ${created.length}`);

    await broker.stop();
    // Every one of these is acknowledged to its caller although nothing can reach Kafka now.
    const started = await sut.dp.send(new StartNextPendingJobExecutionCommand({ thingName: working }));
    assert.equal(started.execution?.jobId, jobId);
    await sut.dp.send(new UpdateJobExecutionCommand({ jobId, thingName: working, status: 'IN_PROGRESS', statusDetails: { step: '1' } }));
    await sut.dp.send(new UpdateJobExecutionCommand({ jobId, thingName: working, status: 'SUCCEEDED' }));
    await sut.cp.send(new CancelJobExecutionCommand({ jobId, thingName: canceled, force: true }));
    await sut.cp.send(new CreateJobCommand({ jobId: uniqueName('job'), targets: [thingArn(later)], document: '{}' }));
    // Both executions ended: the job's completion follows as a reaction; count it in once it is stored.
    await pollUntil(async () => ((await sut.cp.send(new DescribeJobCommand({ jobId }))).job?.status === 'COMPLETED' ? true : undefined), {
      description: 'the job completed',
    });
    const acknowledged = await storeEventIds(sut.db.url);
    assert.ok(acknowledged.length > created.length + 4, `store holds ${acknowledged.length} events`);
    // The backlog is visible: the relay's lag counts what the commands above recorded.
    assert.ok(((await relayLag()) ?? 0) > 0, 'relay lag is above zero while the broker is down');
    const notReady = await fetch(`${sut.service.url}/health/ready`);
    assert.equal(notReady.status, 503);

    await broker.restart();
    const afterwards = await collectTopics(kafka, prefix);
    history = await startHistory(prefix, { KAFKA_BROKERS: broker.brokers });
    try {
      await pollUntil(
        () => {
          const seen = new Set(afterwards.received.map((m) => m.payload.eventId));
          return acknowledged.every((id) => seen.has(id)) ? true : undefined;
        },
        { description: 'every acknowledged event on the restarted broker', timeoutMs: 60_000 },
      );
    } finally {
      await afterwards.stop();
    }
    const rows = await pollUntil(
      async () => {
        const r = await history!.rows();
        return r.length === acknowledged.length ? r : undefined;
      },
      { description: 'every acknowledged event in the history', timeoutMs: 30_000 },
    );
    assert.deepEqual(rows.map((r) => r.event_id).sort(), [...acknowledged].sort());
    await metricOnceItIs(sut.service.url, 'iot_jobs_relay_lag_events', (lag) => lag === 0);
    const publishedAfter = metricValue(await scrape(sut.service.url), 'iot_jobs_relay_published_events_total')!;
    assert.ok(publishedAfter >= acknowledged.length, `published ${publishedAfter} of ${acknowledged.length}`);
  });
});
