import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateJobCommand } from '@aws-sdk/client-iot';
import { ScheduledEnds, ScheduledStarts } from '#jobs/application';
import { ManualClock, pollUntil, type ServiceUnderTest, startServiceUnderTest, testKafkaBrokers } from '#testing';
import type { JobPayload } from '#messaging';
import { collectTopics, startHistory, testKafka, thingArn, uniqueName, uniquePrefix, type HistoryUnderTest } from './support.js';

/**
 * A scheduled job's start and end (docs/aws-behaviour.md §21), seen on Kafka (operations started,
 * rolloutStopped, canceled) and in the audit history. The timers are fired directly on a clock the
 * test moves.
 */
describe('a scheduled start and end, seen on Kafka and in the audit history', () => {
  const prefix = uniquePrefix('schedule');
  const kafka = testKafka('history-schedule-e2e');
  const clock = new ManualClock(new Date('2030-06-01T12:00:00.000Z'));
  let sut: ServiceUnderTest;
  let history: HistoryUnderTest;
  let collector: Awaited<ReturnType<typeof collectTopics>>;
  const [stopping, canceling] = [uniqueName('job'), uniqueName('job')];
  const endTime = '2030-06-01T13:30';

  before(async () => {
    sut = await startServiceUnderTest({ clock, kafka: { brokers: testKafkaBrokers(), topicPrefix: prefix } });
    collector = await collectTopics(kafka, prefix);
    history = await startHistory(prefix);
    const targets = [thingArn(uniqueName('thing'))];
    await sut.cp.send(
      new CreateJobCommand({ jobId: stopping, targets, document: '{}', schedulingConfig: { startTime: '2030-06-01T12:30', endTime } }),
    );
    await sut.cp.send(new CreateJobCommand({ jobId: canceling, targets, document: '{}', schedulingConfig: { endTime, endBehavior: 'CANCEL' } }));
    clock.advanceMinutes(30);
    await sut.service.app.get(ScheduledStarts).sweep();
    clock.advanceMinutes(60);
    await sut.service.app.get(ScheduledEnds).sweep();
  });
  after(async () => {
    await collector?.stop();
    await history?.stop();
    await sut?.stop();
  });

  const jobEventOnTopic = (jobId: string, eventType: string) =>
    pollUntil(() => collector.received.find((m) => m.payload.jobId === jobId && m.payload.eventType === eventType), {
      description: `${eventType} of ${jobId} on the jobs topic`,
    });

  it('publishes JobStarted (operation started) and JobRolloutStopped (operation rolloutStopped) with the end', async () => {
    const started = (await jobEventOnTopic(stopping, 'JobStarted')).payload as JobPayload;
    assert.equal(started.operation, 'started');
    assert.equal(started.status, 'IN_PROGRESS');
    assert.equal(started.actor, 'service');
    const message = await jobEventOnTopic(stopping, 'JobRolloutStopped');
    const stopped = message.payload as JobPayload;
    assert.equal(message.key, stopping);
    assert.equal(stopped.operation, 'rolloutStopped');
    assert.equal(stopped.status, 'IN_PROGRESS');
    assert.equal(stopped.actor, 'service');
    assert.equal(stopped.timestamp, '2030-06-01T13:30:00.000Z');
    assert.equal(stopped.data.endTime, endTime);
    assert.equal(stopped.data.endBehavior, 'STOP_ROLLOUT');
  });

  it('publishes the CANCEL end as JobCanceled (operation canceled), not forced, with reasonCode SCHEDULED_END', async () => {
    const canceled = (await jobEventOnTopic(canceling, 'JobCanceled')).payload as JobPayload;
    assert.equal(canceled.operation, 'canceled');
    assert.equal(canceled.status, 'CANCELED');
    assert.equal(canceled.previousStatus, 'IN_PROGRESS');
    assert.equal(canceled.force, false);
    assert.equal(canceled.actor, 'service');
    assert.equal(canceled.data.reasonCode, 'SCHEDULED_END');
  });

  it('shows the start and the stop, and the scheduled cancel, in the job histories', async () => {
    const stoppedPage = await pollUntil(
      async () => {
        const r = await history.get(`/history/jobs/${stopping}?eventType=JobStarted,JobRolloutStopped`);
        return r.body.events?.length === 2 ? r : undefined;
      },
      { description: `start and stop of ${stopping} in the history` },
    );
    assert.deepEqual(
      stoppedPage.body.events.map((e: { eventType: string }) => e.eventType),
      ['JobStarted', 'JobRolloutStopped'],
    );
    assert.equal(stoppedPage.body.events[1].payload.data.endBehavior, 'STOP_ROLLOUT');
    const canceledPage = await pollUntil(
      async () => {
        const r = await history.get(`/history/jobs/${canceling}?eventType=JobCanceled`);
        return r.body.events?.length === 1 ? r : undefined;
      },
      { description: `the scheduled cancel of ${canceling} in the history` },
    );
    assert.equal(canceledPage.body.events[0].status, 'CANCELED');
    assert.equal(canceledPage.body.events[0].payload.data.reasonCode, 'SCHEDULED_END');
  });
});
