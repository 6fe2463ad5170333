import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateJobCommand, UpdateJobCommand } from '@aws-sdk/client-iot';
import { UpdateJobExecutionCommand } from '@aws-sdk/client-iot-jobs-data-plane';
import { pollUntil, type ServiceUnderTest, startServiceUnderTest, testKafkaBrokers } from '#testing';
import type { JobPayload } from '#messaging';
import { collectTopics, startHistory, testKafka, thingArn, uniqueName, uniquePrefix, type HistoryUnderTest } from './support.js';

/** UpdateJob and an abort through the SDK, seen on Kafka (operations updated, aborted) and in the audit history. */
describe('UpdateJob and an abort, seen on Kafka and in the audit history', () => {
  const prefix = uniquePrefix('abort');
  const kafka = testKafka('history-abort-e2e');
  let sut: ServiceUnderTest;
  let history: HistoryUnderTest;
  let collector: Awaited<ReturnType<typeof collectTopics>>;
  const jobId = uniqueName('job');
  const things = [uniqueName('thing'), uniqueName('thing'), uniqueName('thing')];

  before(async () => {
    sut = await startServiceUnderTest({ kafka: { brokers: testKafkaBrokers(), topicPrefix: prefix } });
    collector = await collectTopics(kafka, prefix);
    history = await startHistory(prefix);
    await sut.cp.send(new CreateJobCommand({ jobId, targets: things.map(thingArn), document: '{}' }));
    await sut.cp.send(
      new UpdateJobCommand({
        jobId,
        description: 'with an abort',
        abortConfig: { criteriaList: [{ failureType: 'REJECTED', action: 'CANCEL', thresholdPercentage: 50, minNumberOfExecutedThings: 2 }] },
      }),
    );
    await sut.dp.send(new UpdateJobExecutionCommand({ jobId, thingName: things[0]!, status: 'SUCCEEDED' }));
    await sut.dp.send(new UpdateJobExecutionCommand({ jobId, thingName: things[1]!, status: 'REJECTED' }));
  });
  after(async () => {
    await collector?.stop();
    await history?.stop();
    await sut?.stop();
  });

  const jobEventOnTopic = (eventType: string) =>
    pollUntil(() => collector.received.find((m) => m.payload.eventType === eventType), { description: `${eventType} on the jobs topic` });

  it('publishes JobUpdated (operation updated) with only the members given', async () => {
    const message = await jobEventOnTopic('JobUpdated');
    const payload = message.payload as JobPayload;
    assert.equal(message.key, jobId);
    assert.equal(payload.operation, 'updated');
    assert.equal(payload.status, 'IN_PROGRESS');
    assert.equal(payload.data.description, 'with an abort');
    assert.equal((payload.data.abortConfig as { criteriaList: unknown[] }).criteriaList.length, 1);
    assert.equal('timeoutConfig' in payload.data, false);
  });

  it('publishes JobAborted (operation aborted): CANCELED, not forced, JOB_ABORTED, with the numbers', async () => {
    const message = await jobEventOnTopic('JobAborted');
    const payload = message.payload as JobPayload;
    assert.equal(payload.operation, 'aborted');
    assert.equal(payload.status, 'CANCELED');
    assert.equal(payload.previousStatus, 'IN_PROGRESS');
    assert.equal(payload.force, false);
    assert.equal(payload.actor, 'service');
    assert.equal(payload.data.reasonCode, 'JOB_ABORTED');
    assert.match(String(payload.data.comment), /criterion 1: REJECTED executions reached 50% \(1 of 2 completed/);
    assert.deepEqual(payload.data.abortedBy, {
      failureType: 'REJECTED',
      thresholdPercentage: 50,
      minNumberOfExecutedThings: 2,
      criterionIndex: 0,
      failures: 1,
      completed: 2,
      failurePercentage: 50,
    });
  });

  it('shows the update, the abort and the cancel of the QUEUED execution in the job history', async () => {
    const page = await pollUntil(
      async () => {
        const r = await history.get(`/history/jobs/${jobId}?eventType=JobUpdated,JobAborted,JobExecutionCanceled`);
        return r.body.events?.length === 3 ? r : undefined;
      },
      { description: 'update, abort and cancel in the history' },
    );
    const byType = new Map(page.body.events.map((e: any) => [e.eventType, e]));
    assert.deepEqual([...byType.keys()].sort(), ['JobAborted', 'JobExecutionCanceled', 'JobUpdated']);
    assert.equal((byType.get('JobAborted') as any).status, 'CANCELED');
    assert.equal((byType.get('JobAborted') as any).payload.data.reasonCode, 'JOB_ABORTED');
    assert.equal((byType.get('JobExecutionCanceled') as any).thingName, things[2]);
  });
});
