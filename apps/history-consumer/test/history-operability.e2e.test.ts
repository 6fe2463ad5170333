import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateJobCommand } from '@aws-sdk/client-iot';
import {
  metricOnceItIs,
  metricValue,
  pollUntil,
  scrape,
  type ServiceUnderTest,
  startServiceUnderTest,
  testKafkaBrokers,
  thingArn,
  uniqueName,
} from '#testing';
import { startHistory, type HistoryUnderTest } from './support.js';
import { uniquePrefix } from './support.js';

/** The history consumer's health and metrics follow its group membership, lag and position. */
describe('history consumer health and metrics', () => {
  const prefix = uniquePrefix('history-ops');
  let sut: ServiceUnderTest;
  let history: HistoryUnderTest;

  before(async () => {
    sut = await startServiceUnderTest({ kafka: { brokers: testKafkaBrokers(), topicPrefix: prefix } });
    history = await startHistory(prefix);
  });
  after(async () => {
    await history?.stop();
    await sut?.stop();
  });

  const ready = async () => (await fetch(`${history.consumer.url}/health/ready`)).status;
  const storeHead = async () => Number((await sut.sql.query('SELECT max(global_position) AS head FROM es_events')).rows[0].head);

  it('is live and ready once joined, reports zero lag and the store head as its position after catching up', async () => {
    assert.equal((await fetch(`${history.consumer.url}/health/live`)).status, 200);
    await pollUntil(async () => ((await ready()) === 200 ? true : undefined), { description: 'history ready' });
    await sut.cp.send(new CreateJobCommand({ jobId: uniqueName('job'), targets: [thingArn(uniqueName('thing'))], document: '{}' }));
    const head = await storeHead();
    await metricOnceItIs(history.consumer.url, 'iot_jobs_projection_position', (position) => position === head, {
      labels: { projection: 'audit_history' },
    });
    const group = history.consumer.projector.membership().groupId;
    await metricOnceItIs(history.consumer.url, 'iot_jobs_consumer_lag_messages', (lag) => lag === 0, { labels: { group } });
  });

  it('shows lag and answers 503 naming the consumer once it has left its group', async () => {
    const group = history.consumer.projector.membership().groupId;
    await history.consumer.projector.stop();
    await sut.cp.send(new CreateJobCommand({ jobId: uniqueName('job'), targets: [thingArn(uniqueName('thing'))], document: '{}' }));
    // The relay publishes (2 events: job created, execution queued), nobody consumes them.
    await metricOnceItIs(sut.service.url, 'iot_jobs_relay_lag_events', (lag) => lag === 0);
    const lag = await metricOnceItIs(history.consumer.url, 'iot_jobs_consumer_lag_messages', (value) => value > 0, { labels: { group } });
    assert.equal(lag, 2);
    const response = await fetch(`${history.consumer.url}/health/ready`);
    assert.equal(response.status, 503);
    const body = (await response.json()) as { error?: Record<string, { status: string; message?: string }> };
    assert.equal(body.error?.['kafka-consumer']?.status, 'down');
    assert.equal(body.error?.database, undefined, 'the database is still fine');
    assert.ok(metricValue(await scrape(history.consumer.url), 'iot_jobs_projection_position', { projection: 'audit_history' })! > 0);
  });
});
