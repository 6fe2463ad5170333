import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import {
  AddThingToThingGroupCommand,
  CancelJobCommand,
  CreateJobCommand,
  CreateThingCommand,
  CreateThingGroupCommand,
  DeleteJobCommand,
  DescribeJobCommand,
  InvalidRequestException,
  InvalidStateTransitionException,
  ListJobExecutionsForJobCommand,
  ListJobsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-iot';
import { ScheduledStarts } from '#jobs/application';
import { ManualClock, pollUntil, sdkError, startServiceUnderTest, thingArn, uniqueName, type ServiceUnderTest } from '#testing';

/**
 * schedulingConfig.startTime (docs/aws-behaviour.md §21) through the AWS SDK. The service runs on a
 * clock the test moves; the schedule timer is fired directly (the background sweep may fire it
 * too, on the same clock: the version guard makes that harmless).
 */
describe('scheduled jobs', () => {
  let sut: ServiceUnderTest;
  let starts: ScheduledStarts;
  const clock = new ManualClock(new Date('2030-06-01T12:00:00.000Z'));
  before(async () => {
    sut = await startServiceUnderTest({ clock });
    starts = sut.service.app.get(ScheduledStarts);
  });
  after(() => sut.stop());

  const executions = async (jobId: string): Promise<string[]> => {
    const page = await sut.cp.send(new ListJobExecutionsForJobCommand({ jobId, maxResults: 250 }));
    return (page.executionSummaries ?? []).map((summary) => summary.thingArn!.split('/').pop()!).sort();
  };
  const describeJob = async (jobId: string) => (await sut.cp.send(new DescribeJobCommand({ jobId }))).job!;

  it('a job with startTime is SCHEDULED without executions until then, and then IN_PROGRESS with its executions', async () => {
    const [direct, member, thingGroupName, jobId] = [uniqueName('d'), uniqueName('m'), uniqueName('g'), uniqueName('job')];
    await sut.cp.send(new CreateThingCommand({ thingName: direct }));
    await sut.cp.send(new CreateThingCommand({ thingName: member }));
    const group = await sut.cp.send(new CreateThingGroupCommand({ thingGroupName }));
    await sut.cp.send(new AddThingToThingGroupCommand({ thingGroupName, thingName: member }));
    // 45 minutes ahead, written with an offset: echoed as written, read as 12:45 UTC.
    const startTime = '2030-06-01T14:45+02:00';
    await sut.cp.send(
      new CreateJobCommand({ jobId, targets: [thingArn(direct), group.thingGroupArn!], document: '{}', schedulingConfig: { startTime } }),
    );

    const scheduled = await describeJob(jobId);
    assert.equal(scheduled.status, 'SCHEDULED');
    assert.deepEqual(scheduled.schedulingConfig, { startTime });
    assert.deepEqual(scheduled.jobProcessDetails?.processingTargets ?? [], []);
    const listed = await sut.cp.send(new ListJobsCommand({ status: 'SCHEDULED', maxResults: 250 }));
    assert.ok(
      listed.jobs?.some((job) => job.jobId === jobId && job.status === 'SCHEDULED'),
      'listed as SCHEDULED',
    );
    clock.advanceMinutes(44);
    await starts.sweep();
    assert.equal((await describeJob(jobId)).status, 'SCHEDULED', 'a minute early, nothing starts');
    assert.deepEqual(await executions(jobId), []);

    clock.advanceMinutes(1);
    await starts.sweep();
    const started = await describeJob(jobId);
    assert.equal(started.status, 'IN_PROGRESS');
    assert.deepEqual(started.schedulingConfig, { startTime });
    const expected = [direct, member].sort();
    await pollUntil(async () => ((await executions(jobId)).join() === expected.join() ? true : undefined), {
      description: `the executions of ${jobId} once it started`,
    });
    await starts.sweep();
    assert.deepEqual(await executions(jobId), expected, 'a second firing queues nothing more');
  });

  it('a SCHEDULED job: DeleteJob without force is 409, CancelJob makes it CANCELED and it never starts', async () => {
    const [thingName, jobId] = [uniqueName('t'), uniqueName('job')];
    await sut.cp.send(new CreateThingCommand({ thingName }));
    const startTime = new Date(clock.now().getTime() + 31 * 60_000).toISOString().slice(0, 16);
    await sut.cp.send(new CreateJobCommand({ jobId, targets: [thingArn(thingName)], document: '{}', schedulingConfig: { startTime } }));
    const deleting = await sdkError(sut.cp.send(new DeleteJobCommand({ jobId })));
    assert.ok(deleting instanceof InvalidStateTransitionException);
    assert.equal(deleting.$metadata.httpStatusCode, 409);
    await sut.cp.send(new CancelJobCommand({ jobId }));
    assert.equal((await describeJob(jobId)).status, 'CANCELED');
    clock.advanceMinutes(32);
    await starts.sweep();
    assert.equal((await describeJob(jobId)).status, 'CANCELED');
    assert.deepEqual(await executions(jobId), []);
  });

  it('a startTime less than 30 minutes ahead, or not an ISO date and time, is 400 and creates nothing', async () => {
    for (const startTime of [new Date(clock.now().getTime() + 29 * 60_000).toISOString(), '2030-06-01 15:00', 'next tuesday']) {
      const jobId = uniqueName('job');
      const error = await sdkError(
        sut.cp.send(new CreateJobCommand({ jobId, targets: [thingArn(uniqueName('t'))], document: '{}', schedulingConfig: { startTime } })),
      );
      assert.ok(error instanceof InvalidRequestException, startTime);
      assert.equal(error.$metadata.httpStatusCode, 400);
      assert.match(error.message, /schedulingConfig\.startTime/);
      assert.ok((await sdkError(sut.cp.send(new DescribeJobCommand({ jobId })))) instanceof ResourceNotFoundException, `${startTime}: no job`);
    }
  });
});
