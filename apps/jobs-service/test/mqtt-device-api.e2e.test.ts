import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { CancelJobCommand, CancelJobExecutionCommand, CreateJobCommand } from '@aws-sdk/client-iot';
import { iotjobs } from 'aws-iot-device-sdk-v2';
import { pollUntil, startPrivateMosquitto, type PrivateMosquitto } from '#testing';
import {
  brokerUsers,
  connectRawDevice,
  connectSdkDevice,
  mqttSettings,
  rejectionOf,
  type RawDevice,
  type SdkDevice,
} from './support/mqtt-devices.js';
import { startServiceUnderTest, thingArn, uniqueName, type ServiceUnderTest } from '#testing';

/**
 * Devices built with AWS's device SDK v2 (`iotjobs` over an aws-crt MQTT 5 client, no TLS) against
 * a private Mosquitto running the shipped configuration and ACL, and the real service.
 */
describe('jobs MQTT API with the AWS IoT Device SDK v2', () => {
  const things = {
    main: uniqueName('mq-dev'),
    cancel: uniqueName('mq-cancel'),
    cancelJob: uniqueName('mq-cancel-job'),
    a: uniqueName('mq-a'),
    b: uniqueName('mq-b'),
    raw: uniqueName('mq-raw'),
  };
  let broker: PrivateMosquitto;
  let sut: ServiceUnderTest;
  const open: Array<{ close(): unknown }> = [];

  before(async () => {
    broker = await startPrivateMosquitto({ users: brokerUsers(Object.values(things)) });
    sut = await startServiceUnderTest({ env: mqttSettings(broker) });
    await pollUntil(() => (sut.service.mqtt?.connection.connected ? true : undefined), { description: 'the service connected to the broker' });
  });
  after(async () => {
    for (const client of open) await client.close();
    await sut?.stop();
    await broker?.close();
  });

  async function device(thingName: string): Promise<SdkDevice> {
    const connected = await connectSdkDevice(broker, thingName);
    open.push(connected);
    return connected;
  }

  async function rawDevice(thingName: string, subscriptions: string[]): Promise<RawDevice> {
    const connected = await connectRawDevice(broker, thingName, subscriptions);
    open.push(connected);
    return connected;
  }

  async function createJob(thingName: string, document = '{"op":"reboot","delaySeconds":5}'): Promise<string> {
    const jobId = uniqueName('mq-job');
    await sut.cp.send(new CreateJobCommand({ jobId, targets: [thingArn(thingName)], document }));
    return jobId;
  }

  it('start-next, $next, update to SUCCEEDED and FAILED, with the job document as an object', async () => {
    const dev = await device(things.main);
    const first = await createJob(things.main);
    const second = await createJob(things.main, '{"op":"update","version":"2.1"}');

    const peek = await dev.jobs.describeJobExecution({ thingName: things.main, jobId: '$next' });
    assert.equal(peek.execution?.jobId, first);
    assert.equal(peek.execution?.status, 'QUEUED', '$next only peeks');
    assert.deepEqual(peek.execution?.jobDocument, { op: 'reboot', delaySeconds: 5 });

    const started = await dev.jobs.startNextPendingJobExecution({ thingName: things.main, statusDetails: { step: 'download' } });
    assert.equal(started.execution?.jobId, first);
    assert.equal(started.execution?.status, 'IN_PROGRESS');
    assert.equal(started.execution?.versionNumber, 2);
    assert.deepEqual(started.execution?.statusDetails, { step: 'download' });
    assert.deepEqual(started.execution?.jobDocument, { op: 'reboot', delaySeconds: 5 });

    const done = await dev.jobs.updateJobExecution({
      thingName: things.main,
      jobId: first,
      status: iotjobs.model.JobStatus.SUCCEEDED,
      expectedVersion: 2,
      includeJobExecutionState: true,
    });
    assert.equal(done.executionState?.status, 'SUCCEEDED');
    assert.equal(done.executionState?.versionNumber, 3);

    const pending = await dev.jobs.getPendingJobExecutions({ thingName: things.main });
    assert.deepEqual(pending.inProgressJobs, []);
    assert.deepEqual(
      pending.queuedJobs?.map((job) => job.jobId),
      [second],
    );

    await dev.jobs.startNextPendingJobExecution({ thingName: things.main });
    const failed = await dev.jobs.updateJobExecution({
      thingName: things.main,
      jobId: second,
      status: iotjobs.model.JobStatus.FAILED,
      includeJobDocument: true,
    });
    assert.deepEqual(failed.jobDocument, { op: 'update', version: '2.1' });
    const described = await dev.jobs.describeJobExecution({ thingName: things.main, jobId: second });
    assert.equal(described.execution?.status, 'FAILED');

    const nothing = await dev.jobs.describeJobExecution({ thingName: things.main, jobId: '$next' });
    assert.equal(nothing.execution, undefined);
    const none = await dev.jobs.startNextPendingJobExecution({ thingName: things.main });
    assert.equal(none.execution, undefined);
  });

  it('rejects with the documented codes, each carrying the request clientToken', async () => {
    const dev = await device(things.main);
    const jobId = await createJob(things.main);
    await dev.jobs.startNextPendingJobExecution({ thingName: things.main });

    const mismatch = await rejectionOf(
      dev.jobs.updateJobExecution({ thingName: things.main, jobId, status: iotjobs.model.JobStatus.SUCCEEDED, expectedVersion: 99 }),
    );
    assert.equal(mismatch.code, 'VersionMismatch');
    assert.deepEqual(mismatch.executionState, { status: 'IN_PROGRESS', versionNumber: 2 });
    assert.equal(typeof mismatch.clientToken, 'string');

    const missing = await rejectionOf(dev.jobs.describeJobExecution({ thingName: things.main, jobId: 'no-such-job' }));
    assert.equal(missing.code, 'ResourceNotFound');
    const unknownUpdate = await rejectionOf(
      dev.jobs.updateJobExecution({ thingName: things.main, jobId: 'no-such-job', status: iotjobs.model.JobStatus.SUCCEEDED }),
    );
    assert.equal(unknownUpdate.code, 'ResourceNotFound');

    const badDetails = await rejectionOf(
      dev.jobs.updateJobExecution({
        thingName: things.main,
        jobId,
        status: iotjobs.model.JobStatus.IN_PROGRESS,
        statusDetails: { 'not a key!': 'x' },
      }),
    );
    assert.equal(badDetails.code, 'InvalidRequest');
    assert.match(badDetails.message ?? '', /statusDetails/);

    const backToQueued = await rejectionOf(dev.jobs.updateJobExecution({ thingName: things.main, jobId, status: iotjobs.model.JobStatus.QUEUED }));
    assert.equal(backToQueued.code, 'InvalidStateTransition');
    assert.equal(backToQueued.executionState?.status, 'IN_PROGRESS');

    // Nothing was changed by the refusals.
    const after = await dev.jobs.describeJobExecution({ thingName: things.main, jobId });
    assert.equal(after.execution?.versionNumber, 2);
    await dev.jobs.updateJobExecution({ thingName: things.main, jobId, status: iotjobs.model.JobStatus.SUCCEEDED });
  });

  it('answers raw requests: clientToken echoed or absent, InvalidJson, InvalidTopic, whole-second timestamps, lenient payloads', async () => {
    const thing = things.raw;
    const raw = await rawDevice(thing, [`$aws/things/${thing}/jobs/#`]);
    const jobId = await createJob(thing);
    const reply = (topic: string) => pollUntil(() => raw.messages.find((m) => m.topic === topic), { timeoutMs: 5_000, description: topic });

    await raw.client.publishAsync(`$aws/things/${thing}/jobs/get`, JSON.stringify({ clientToken: 'token-1', thingName: 'ignored', extra: true }), {
      qos: 1,
    });
    const accepted = await reply(`$aws/things/${thing}/jobs/get/accepted`);
    assert.equal(accepted.payload['clientToken'], 'token-1');
    assert.ok(Number.isInteger(accepted.payload['timestamp']) && (accepted.payload['timestamp'] as number) < 1e10, 'whole epoch seconds');
    assert.deepEqual(
      (accepted.payload['queuedJobs'] as Array<{ jobId: string }>).map((job) => job.jobId),
      [jobId],
    );
    assert.deepEqual(accepted.payload['inProgressJobs'], []);

    await raw.client.publishAsync(`$aws/things/${thing}/jobs/$next/get`, '', { qos: 1 });
    const next = await reply(`$aws/things/${thing}/jobs/$next/get/accepted`);
    assert.equal('clientToken' in next.payload, false, 'no token asked, none echoed');
    assert.equal((next.payload['execution'] as { jobId: string }).jobId, jobId);

    await raw.client.publishAsync(`$aws/things/${thing}/jobs/start-next`, '{"clientToken":', { qos: 1 });
    const invalidJson = await reply(`$aws/things/${thing}/jobs/start-next/rejected`);
    assert.equal(invalidJson.payload['code'], 'InvalidJson');
    await raw.client.publishAsync(`$aws/things/${thing}/jobs/${jobId}/update`, '[1,2]', { qos: 1 });
    assert.equal((await reply(`$aws/things/${thing}/jobs/${jobId}/update/rejected`)).payload['code'], 'InvalidJson');

    await raw.client.publishAsync(`$aws/things/${thing}/jobs/${jobId}/cancel`, JSON.stringify({ clientToken: 'token-2' }), { qos: 1 });
    const invalidTopic = await reply(`$aws/things/${thing}/jobs/${jobId}/cancel/rejected`);
    assert.deepEqual(
      { code: invalidTopic.payload['code'], clientToken: invalidTopic.payload['clientToken'] },
      { code: 'InvalidTopic', clientToken: 'token-2' },
    );

    await raw.client.publishAsync(
      `$aws/things/${thing}/jobs/${jobId}/update`,
      JSON.stringify({ status: 'IN_PROGRESS', expectedVersion: '1', clientToken: 'token-3' }),
      { qos: 1 },
    );
    const updated = await reply(`$aws/things/${thing}/jobs/${jobId}/update/accepted`);
    assert.deepEqual(Object.keys(updated.payload).sort(), ['clientToken', 'timestamp'], 'without include flags: exactly {clientToken, timestamp}');
    assert.equal(raw.messages.filter((m) => m.topic.endsWith('/rejected')).length, 3, 'no other rejection');
  });

  it('a device holding an IN_PROGRESS execution gets notify-next within 1 s of CancelJobExecution(force), and its update is then refused', async () => {
    const thing = things.cancel;
    const dev = await device(thing);
    const jobId = await createJob(thing);
    await pollUntil(() => dev.notifyNext.find((n) => n.message.execution?.jobId === jobId), { description: 'notify-next for the new job' });
    const started = await dev.jobs.startNextPendingJobExecution({ thingName: thing });
    assert.equal(started.execution?.status, 'IN_PROGRESS');
    const before = dev.notifyNext.length;

    const sentAt = Date.now();
    await sut.cp.send(new CancelJobExecutionCommand({ jobId, thingName: thing, force: true }));
    const notification = await pollUntil(() => dev.notifyNext.slice(before).find((n) => n.message.execution === undefined), {
      timeoutMs: 5_000,
      description: 'notify-next after the cancel',
    });
    assert.ok(notification.at - sentAt < 1_000, `notify-next came ${notification.at - sentAt} ms after the cancel`);
    await pollUntil(() => dev.notify.find((n) => n.at >= sentAt && Object.keys(n.message.jobs ?? {}).length === 0), {
      timeoutMs: 5_000,
      description: 'notify with nothing pending',
    });

    const refused = await rejectionOf(dev.jobs.updateJobExecution({ thingName: thing, jobId, status: iotjobs.model.JobStatus.SUCCEEDED }));
    assert.equal(refused.code, 'InvalidStateTransition');
    assert.equal(refused.executionState?.status, 'CANCELED');
  });

  it('the same after CancelJob(force): the job-wide sweep reaches the device within 1 s, and its update is refused', async () => {
    const thing = things.cancelJob;
    const dev = await device(thing);
    const jobId = await createJob(thing);
    await pollUntil(() => dev.notifyNext.find((n) => n.message.execution?.jobId === jobId), { description: 'notify-next for the new job' });
    await dev.jobs.startNextPendingJobExecution({ thingName: thing });
    const before = dev.notifyNext.length;

    const sentAt = Date.now();
    await sut.cp.send(new CancelJobCommand({ jobId, force: true }));
    const notification = await pollUntil(() => dev.notifyNext.slice(before).find((n) => n.message.execution === undefined), {
      timeoutMs: 5_000,
      description: 'notify-next after the job was canceled',
    });
    assert.ok(notification.at - sentAt < 1_000, `notify-next came ${notification.at - sentAt} ms after CancelJob`);

    const refused = await rejectionOf(dev.jobs.updateJobExecution({ thingName: thing, jobId, status: iotjobs.model.JobStatus.SUCCEEDED }));
    assert.equal(refused.code, 'InvalidStateTransition');
    assert.equal(refused.executionState?.status, 'CANCELED');
  });

  it('the front job starting sends nothing; a job queued behind it sends notify only', async () => {
    const thing = things.main;
    const dev = await device(thing);
    const first = await createJob(thing);
    await pollUntil(() => dev.notifyNext.find((n) => n.message.execution?.jobId === first), { description: 'notify-next for the first job' });
    await dev.jobs.startNextPendingJobExecution({ thingName: thing });
    const [notifyBefore, nextBefore] = [dev.notify.length, dev.notifyNext.length];
    const second = await createJob(thing);
    const notify = await pollUntil(() => dev.notify.slice(notifyBefore).find((n) => n.message.jobs?.QUEUED?.some((job) => job.jobId === second)), {
      description: 'notify for the second job',
    });
    assert.deepEqual(
      notify.message.jobs?.IN_PROGRESS?.map((job) => job.jobId),
      [first],
    );
    // Everything the start and the second job could have caused has been published by now (commit order).
    assert.equal(dev.notifyNext.length, nextBefore, 'neither the start of the front job nor a job queued behind it changes the front');
    assert.equal(dev.notify.length, notifyBefore + 1, 'the start of the front job is not a change of the pending set');
    await dev.jobs.updateJobExecution({ thingName: thing, jobId: first, status: iotjobs.model.JobStatus.SUCCEEDED });
    await pollUntil(() => dev.notifyNext.slice(nextBefore).find((n) => n.message.execution?.jobId === second), {
      description: 'the second job becomes the front',
    });
  });

  it('a device authenticated as thing A gets nothing of thing B and cannot publish on its topics', async () => {
    const spy = await rawDevice(things.a, [`$aws/things/${things.b}/jobs/#`, `$aws/things/${things.a}/jobs/#`]);
    const victim = await device(things.b);
    const refused = await spy.client.publishAsync(`$aws/things/${things.b}/jobs/start-next`, '{}', { qos: 1 }).then(
      (packet) => (packet as { reasonCode?: number } | undefined)?.reasonCode,
      (error: { code?: number }) => error.code,
    );
    assert.equal(refused, 135, 'the broker refuses the publish: Not authorized');

    const jobOfB = await createJob(things.b);
    await pollUntil(() => victim.notifyNext.find((n) => n.message.execution?.jobId === jobOfB), { description: "B's own notify-next" });
    // A's job commits after B's, so its notifications come after B's on the same connection.
    const jobOfA = await createJob(things.a);
    await pollUntil(
      () =>
        spy.messages.find((m) => m.topic.endsWith('/notify-next') && (m.payload['execution'] as { jobId?: string } | undefined)?.jobId === jobOfA),
      { description: "A's own notify-next" },
    );
    assert.deepEqual(
      spy.messages.filter((m) => m.topic.includes(`/${things.b}/`)),
      [],
      "none of B's messages reached A",
    );
    const pendingOfB = await victim.jobs.getPendingJobExecutions({ thingName: things.b });
    assert.deepEqual(
      pendingOfB.queuedJobs?.map((job) => job.jobId),
      [jobOfB],
      "A's start-next did not start B's job",
    );
  });
});
