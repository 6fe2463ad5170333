import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import {
  CreateJobCommand,
  CreateJobTemplateCommand,
  CreateThingCommand,
  DescribeJobCommand,
  DescribeJobTemplateCommand,
  InvalidRequestException,
  IoTClient,
  ListJobExecutionsForJobCommand,
  type MaintenanceWindow,
} from '@aws-sdk/client-iot';
import { RolloutTimers, ScheduledStarts } from '#jobs/application';
import { loadConfig, startService } from '#jobs-service';
import {
  freshDatabase,
  ManualClock,
  OPERATOR,
  pollUntil,
  principalsSetting,
  REGION,
  sdkError,
  startServiceUnderTest,
  thingArn,
  uniqueName,
  type ServiceUnderTest,
} from '#testing';

/**
 * schedulingConfig.maintenanceWindows (docs/aws-behaviour.md §21.5) through the AWS SDK. The service
 * runs on a clock the test moves; the rollout and schedule timers are fired directly (the background
 * sweep may fire them too, on the same clock: the version guard makes that harmless).
 */
describe('maintenance windows', () => {
  let sut: ServiceUnderTest;
  let timers: RolloutTimers;
  let starts: ScheduledStarts;
  const clock = new ManualClock(new Date('2030-06-03T01:00:00.000Z'));
  const nightly: MaintenanceWindow[] = [{ startTime: 'cron(0 2 * * ? *)', durationInMinutes: 60 }];
  before(async () => {
    sut = await startServiceUnderTest({ clock, env: { THROTTLE_RATE_PER_SECOND: '100000', THROTTLE_BURST: '100000' } });
    timers = sut.service.app.get(RolloutTimers);
    starts = sut.service.app.get(ScheduledStarts);
  });
  after(() => sut.stop());

  const executions = async (jobId: string): Promise<string[]> => {
    const page = await sut.cp.send(new ListJobExecutionsForJobCommand({ jobId, maxResults: 250 }));
    return (page.executionSummaries ?? []).map((summary) => summary.thingArn!.split('/').pop()!);
  };
  /** Exactly `count` executions exist, and a timer firing now adds none. */
  const settledAt = async (jobId: string, count: number) => {
    await timers.sweep();
    await pollUntil(async () => ((await executions(jobId)).length === count ? true : undefined), { description: `${count} executions of ${jobId}` });
    await timers.sweep();
    assert.equal((await executions(jobId)).length, count);
  };
  const describeJob = async (jobId: string) => (await sut.cp.send(new DescribeJobCommand({ jobId }))).job!;
  const things = async (count: number) => {
    const names = Array.from({ length: count }, () => uniqueName('t'));
    for (const thingName of names) await sut.cp.send(new CreateThingCommand({ thingName }));
    return names;
  };
  const expectInvalid = async (call: Promise<unknown>, message: RegExp) => {
    const error = await sdkError(call);
    assert.ok(error instanceof InvalidRequestException, `${error.name}: ${error.message}`);
    assert.equal(error.$metadata.httpStatusCode, 400);
    assert.match(error.message, message);
  };

  it('10 direct things, a nightly window at 02:00 for 60 min, 3 a minute: nothing before, paced inside, paused after, resumed the next night', async () => {
    clock.set(new Date('2030-06-03T01:00:00.000Z'));
    const names = await things(10);
    const jobId = uniqueName('job');
    await sut.cp.send(
      new CreateJobCommand({
        jobId,
        targets: names.map(thingArn),
        document: '{}',
        schedulingConfig: { maintenanceWindows: nightly },
        jobExecutionsRolloutConfig: { maximumPerMinute: 3 },
      }),
    );
    const before = await describeJob(jobId);
    assert.equal(before.status, 'IN_PROGRESS');
    assert.deepEqual(before.schedulingConfig, { maintenanceWindows: nightly });
    assert.deepEqual(
      before.scheduledJobRollouts?.map((rollout) => rollout.startTime),
      ['2030-06-03T02:00', '2030-06-04T02:00', '2030-06-05T02:00', '2030-06-06T02:00', '2030-06-07T02:00', '2030-06-08T02:00', '2030-06-09T02:00'],
    );
    assert.deepEqual(before.jobProcessDetails?.processingTargets, names.map(thingArn), 'every target waits for the window');
    await settledAt(jobId, 0);

    clock.set(new Date('2030-06-03T01:59:59.000Z'));
    await settledAt(jobId, 0);
    clock.set(new Date('2030-06-03T02:00:00.000Z'));
    await settledAt(jobId, 3);
    clock.advanceSeconds(60);
    await settledAt(jobId, 6);

    // Past the close with the rollout unfinished: no new executions, and the next window is tomorrow's.
    clock.set(new Date('2030-06-03T03:00:30.000Z'));
    await settledAt(jobId, 6);
    clock.advanceMinutes(60);
    await settledAt(jobId, 6);
    const paused = await describeJob(jobId);
    assert.equal(paused.scheduledJobRollouts?.[0]?.startTime, '2030-06-04T02:00');
    assert.equal(paused.jobProcessDetails?.processingTargets?.length, 4);

    clock.set(new Date('2030-06-04T02:00:00.000Z'));
    await settledAt(jobId, 9);
    clock.advanceSeconds(60);
    await settledAt(jobId, 10);
    const all = await executions(jobId);
    assert.deepEqual(new Set(all), new Set(names), 'every target once');
    assert.equal(all.length, 10, 'no target has two executions');
    await pollUntil(async () => ((await describeJob(jobId)).jobProcessDetails?.processingTargets === undefined ? true : undefined), {
      description: 'the rollout finished',
    });
  });

  it('without a rollout config the whole fleet is queued at the window start; a scheduled job waits for its first window after startTime', async () => {
    clock.set(new Date('2030-06-10T01:00:00.000Z'));
    const names = await things(5);
    const jobId = uniqueName('job');
    await sut.cp.send(
      new CreateJobCommand({ jobId, targets: names.map(thingArn), document: '{}', schedulingConfig: { maintenanceWindows: nightly } }),
    );
    await settledAt(jobId, 0);
    clock.set(new Date('2030-06-10T02:30:00.000Z'));
    await settledAt(jobId, 5);

    // Starts at 03:00 (after tonight's window opened): nothing until tomorrow's 02:00.
    const scheduledId = uniqueName('job');
    const later = await things(2);
    await sut.cp.send(
      new CreateJobCommand({
        jobId: scheduledId,
        targets: later.map(thingArn),
        document: '{}',
        schedulingConfig: { startTime: '2030-06-10T03:00', maintenanceWindows: nightly },
      }),
    );
    const scheduled = await describeJob(scheduledId);
    assert.equal(scheduled.status, 'SCHEDULED');
    assert.equal(scheduled.scheduledJobRollouts?.[0]?.startTime, '2030-06-11T02:00', 'the list starts at startTime');
    clock.set(new Date('2030-06-10T03:00:00.000Z'));
    await starts.sweep();
    assert.equal((await describeJob(scheduledId)).status, 'IN_PROGRESS');
    await settledAt(scheduledId, 0);
    clock.set(new Date('2030-06-11T02:00:00.000Z'));
    await settledAt(scheduledId, 2);
  });

  it('a template carries maintenanceWindows; a job from it inherits them unless it gives its own', async () => {
    clock.set(new Date('2030-06-20T01:00:00.000Z'));
    const jobTemplateId = uniqueName('tpl');
    const weekly: MaintenanceWindow[] = [{ startTime: 'cron(30 3 ? * SUN *)', durationInMinutes: 90 }];
    const created = await sut.cp.send(new CreateJobTemplateCommand({ jobTemplateId, description: 'd', document: '{}', maintenanceWindows: weekly }));
    const template = await sut.cp.send(new DescribeJobTemplateCommand({ jobTemplateId }));
    assert.deepEqual(template.maintenanceWindows, weekly);

    const [thingName] = await things(1);
    const inherited = uniqueName('job');
    await sut.cp.send(
      new CreateJobCommand({
        jobId: inherited,
        targets: [thingArn(thingName!)],
        jobTemplateArn: created.jobTemplateArn,
        schedulingConfig: { startTime: '2030-06-21T00:00' },
      }),
    );
    const job = await describeJob(inherited);
    assert.deepEqual(job.schedulingConfig, { startTime: '2030-06-21T00:00', maintenanceWindows: weekly });
    // 2030-06-23 is a Sunday.
    assert.equal(job.scheduledJobRollouts?.[0]?.startTime, '2030-06-23T03:30');

    const own = uniqueName('job');
    await sut.cp.send(
      new CreateJobCommand({
        jobId: own,
        targets: [thingArn(thingName!)],
        jobTemplateArn: created.jobTemplateArn,
        schedulingConfig: { maintenanceWindows: nightly },
      }),
    );
    assert.deepEqual((await describeJob(own)).schedulingConfig, { maintenanceWindows: nightly });

    const copy = uniqueName('tpl');
    await sut.cp.send(new CreateJobTemplateCommand({ jobTemplateId: copy, description: 'copy', jobArn: job.jobArn }));
    assert.deepEqual((await sut.cp.send(new DescribeJobTemplateCommand({ jobTemplateId: copy }))).maintenanceWindows, weekly, 'copied from the job');
  });

  it('a cron that does not parse, a duration out of range and a cron with no occurrence left are 400s naming the member, and nothing is created', async () => {
    clock.set(new Date('2030-06-25T01:00:00.000Z'));
    const [thingName] = await things(1);
    const jobId = uniqueName('job');
    const create = (maintenanceWindows: MaintenanceWindow[]) =>
      sut.cp.send(new CreateJobCommand({ jobId, targets: [thingArn(thingName!)], document: '{}', schedulingConfig: { maintenanceWindows } }));
    await expectInvalid(
      create([...nightly, { startTime: 'cron(0 2 * *)', durationInMinutes: 60 }]),
      /schedulingConfig\.maintenanceWindows\[1\]\.startTime/,
    );
    await expectInvalid(create([{ startTime: 'cron(0 2 1 * MON *)', durationInMinutes: 60 }]), /day-of-month and day-of-week/);
    await expectInvalid(create([{ startTime: 'cron(0 2 * * ? 2029)', durationInMinutes: 60 }]), /no occurrence/);
    await expectInvalid(create([{ startTime: 'cron(0 2 * * ? *)', durationInMinutes: 1431 }]), /durationInMinutes/);
    await expectInvalid(create([{ startTime: 'cron(0 2 * * ? *)', durationInMinutes: 0 }]), /durationInMinutes/);
    await expectInvalid(create([{ startTime: '', durationInMinutes: 60 }]), /startTime/);
    await expectInvalid(
      sut.cp.send(
        new CreateJobTemplateCommand({
          jobTemplateId: uniqueName('tpl'),
          description: 'd',
          document: '{}',
          maintenanceWindows: [{ startTime: 'every night', durationInMinutes: 60 }],
        }),
      ),
      /maintenanceWindows\[0\]\.startTime/,
    );
    const missing = await sdkError(sut.cp.send(new DescribeJobCommand({ jobId })));
    assert.equal(missing.name, 'ResourceNotFoundException', 'no job was created');
  });

  it('a restart while the rollout waits for its window loses nothing: the new process resumes it at the window start, on its own sweep', async () => {
    const db = await freshDatabase('windows_restart');
    const restartClock = new ManualClock(new Date('2030-07-01T01:00:00.000Z'));
    const settings = {
      DATABASE_URL: db.url,
      PORT: '0',
      LOG_LEVEL: 'error',
      AUTH_PRINCIPALS: principalsSetting(),
      THING_TARGETS: 'any',
      TIMEOUT_SWEEP_INTERVAL_MS: '100',
    };
    const jobId = 'windows-restart-job';
    const names = ['r1', 'r2', 'r3'];
    const clientOf = (url: string) => new IoTClient({ region: REGION, credentials: { ...OPERATOR }, maxAttempts: 1, endpoint: url });
    const queued = async (cp: IoTClient) =>
      ((await cp.send(new ListJobExecutionsForJobCommand({ jobId, maxResults: 250 }))).executionSummaries ?? []).length;
    try {
      let service = await startService(loadConfig(settings), { clock: restartClock });
      let cp = clientOf(service.url);
      await cp.send(new CreateJobCommand({ jobId, targets: names.map(thingArn), document: '{}', schedulingConfig: { maintenanceWindows: nightly } }));
      await service.app.get(RolloutTimers).sweep();
      assert.equal(await queued(cp), 0);
      cp.destroy();
      await service.close();

      restartClock.set(new Date('2030-07-01T02:00:00.000Z'));
      service = await startService(loadConfig(settings), { clock: restartClock });
      cp = clientOf(service.url);
      // Nothing calls the timer here: the new process's own sweeper finds the stored next window start.
      await pollUntil(async () => ((await queued(cp)) === 3 ? true : undefined), { description: 'the rollout resumed after the restart' });
      cp.destroy();
      await service.close();
    } finally {
      await db.drop();
    }
  });
});
