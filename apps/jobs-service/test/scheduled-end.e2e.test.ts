import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import {
  AddThingToThingGroupCommand,
  CreateJobCommand,
  CreateThingCommand,
  CreateThingGroupCommand,
  DescribeJobCommand,
  InvalidRequestException,
  ListJobExecutionsForJobCommand,
  ResourceNotFoundException,
  type JobEndBehavior,
  type SchedulingConfig,
} from '@aws-sdk/client-iot';
import { StartNextPendingJobExecutionCommand, UpdateJobExecutionCommand } from '@aws-sdk/client-iot-jobs-data-plane';
import { RolloutTimers, ScheduledEnds } from '#jobs/application';
import { ManualClock, pollUntil, sdkError, startServiceUnderTest, thingArn, uniqueName, type ServiceUnderTest } from '#testing';

/**
 * schedulingConfig.endTime and endBehavior (docs/aws-behaviour.md §21.5) through the AWS SDK. The
 * service runs on a clock the test moves; the end timer is fired directly or left to the
 * background sweeper (every 100 ms here), which fires it on the same clock.
 */
describe('scheduled end', () => {
  let sut: ServiceUnderTest;
  let ends: ScheduledEnds;
  let rollouts: RolloutTimers;
  const clock = new ManualClock(new Date('2030-06-01T12:00:00.000Z'));
  before(async () => {
    sut = await startServiceUnderTest({ clock, env: { TIMEOUT_SWEEP_INTERVAL_MS: '100' } });
    ends = sut.service.app.get(ScheduledEnds);
    rollouts = sut.service.app.get(RolloutTimers);
  });
  after(() => sut.stop());

  /** The job's executions, thing name → status. */
  const executions = async (jobId: string): Promise<Map<string, string>> => {
    const page = await sut.cp.send(new ListJobExecutionsForJobCommand({ jobId, maxResults: 250 }));
    return new Map((page.executionSummaries ?? []).map((summary) => [summary.thingArn!.split('/').pop()!, summary.jobExecutionSummary!.status!]));
  };
  const describeJob = async (jobId: string) => (await sut.cp.send(new DescribeJobCommand({ jobId }))).job!;
  const minutesAhead = (minutes: number) => new Date(clock.now().getTime() + minutes * 60_000).toISOString().slice(0, 16);
  const things = async (count: number): Promise<string[]> => {
    const names = Array.from({ length: count }, () => uniqueName('t'));
    for (const thingName of names) await sut.cp.send(new CreateThingCommand({ thingName }));
    return names;
  };
  const run = (thingName: string) => sut.dp.send(new StartNextPendingJobExecutionCommand({ thingName }));
  const finish = (jobId: string, thingName: string) => sut.dp.send(new UpdateJobExecutionCommand({ jobId, thingName, status: 'SUCCEEDED' }));

  /**
   * A job on six things paced at two a minute, ending in 31 minutes: two executions exist, the
   * first IN_PROGRESS on its device and the second QUEUED; four targets wait for the rollout.
   */
  async function pacedJob(endBehavior?: JobEndBehavior): Promise<{ jobId: string; names: string[]; schedulingConfig: SchedulingConfig }> {
    const names = await things(6);
    const jobId = uniqueName('job');
    const schedulingConfig = { endTime: minutesAhead(31), ...(endBehavior ? { endBehavior } : {}) };
    await sut.cp.send(
      new CreateJobCommand({
        jobId,
        targets: names.map(thingArn),
        document: '{}',
        jobExecutionsRolloutConfig: { maximumPerMinute: 2 },
        schedulingConfig,
      }),
    );
    await pollUntil(async () => ((await executions(jobId)).size === 2 ? true : undefined), { description: `the first chunk of ${jobId}` });
    const started = await run(names[0]!);
    assert.equal(started.execution?.jobId, jobId);
    return { jobId, names, schedulingConfig };
  }

  it('endTime with STOP_ROLLOUT: the paced rollout stops, the executions it has run on, and the SNAPSHOT job is COMPLETED after they end', async () => {
    const { jobId, names, schedulingConfig } = await pacedJob('STOP_ROLLOUT');
    assert.deepEqual((await describeJob(jobId)).schedulingConfig, schedulingConfig, 'echoed as written');
    clock.advanceMinutes(31);
    await ends.sweep();
    const stopped = await describeJob(jobId);
    assert.equal(stopped.status, 'IN_PROGRESS');
    assert.deepEqual(stopped.jobProcessDetails?.processingTargets ?? [], []);
    assert.deepEqual(stopped.schedulingConfig, schedulingConfig);
    // The background sweeper may have paced one more chunk before the end fired; none after it.
    const atEnd = await executions(jobId);
    assert.ok(atEnd.size >= 2 && atEnd.size <= 4, `${atEnd.size} executions at the end`);
    clock.advanceMinutes(10);
    await rollouts.sweep();
    await ends.sweep();
    assert.deepEqual(await executions(jobId), atEnd, 'no execution after the end');
    assert.equal(atEnd.get(names[0]!), 'IN_PROGRESS', 'the running execution runs on');
    assert.ok(!atEnd.has(names[5]!), 'the last target never got one');

    for (const thingName of atEnd.keys()) {
      if (thingName !== names[0]) await run(thingName);
      await finish(jobId, thingName);
    }
    const completed = await pollUntil(
      async () => {
        const job = await describeJob(jobId);
        return job.status === 'COMPLETED' ? job : undefined;
      },
      { description: `${jobId} COMPLETED` },
    );
    assert.ok(completed.completedAt instanceof Date);
    assert.equal(completed.jobProcessDetails?.numberOfSucceededThings, atEnd.size);
  });

  it('endTime with CANCEL: the job is CANCELED with reasonCode SCHEDULED_END, its QUEUED executions CANCELED, the IN_PROGRESS one untouched', async () => {
    const { jobId, names } = await pacedJob('CANCEL');
    clock.advanceMinutes(31);
    // Left to the background sweeper: the end timer is wired into it.
    const canceled = await pollUntil(
      async () => {
        const job = await describeJob(jobId);
        return job.status === 'CANCELED' ? job : undefined;
      },
      { description: `${jobId} CANCELED by the sweeper` },
    );
    assert.equal(canceled.reasonCode, 'SCHEDULED_END');
    assert.match(canceled.comment ?? '', /schedulingConfig\.endTime .* was reached; endBehavior CANCEL/);
    assert.equal(canceled.forceCanceled, false);
    const after = await pollUntil(
      async () => {
        const statuses = await executions(jobId);
        return [...statuses.values()].includes('QUEUED') ? undefined : statuses;
      },
      { description: `the QUEUED executions of ${jobId} canceled` },
    );
    assert.equal(after.get(names[0]!), 'IN_PROGRESS');
    assert.equal(after.get(names[1]!), 'CANCELED');
    assert.ok(!after.has(names[5]!), 'no execution after the end');
  });

  it('endTime with FORCE_CANCEL: the IN_PROGRESS execution is canceled too', async () => {
    const { jobId, names } = await pacedJob('FORCE_CANCEL');
    clock.advanceMinutes(31);
    await ends.sweep();
    const canceled = await describeJob(jobId);
    assert.equal(canceled.status, 'CANCELED');
    assert.equal(canceled.reasonCode, 'SCHEDULED_END');
    assert.equal(canceled.forceCanceled, true);
    const after = await pollUntil(
      async () => {
        const statuses = await executions(jobId);
        return [...statuses.values()].every((status) => status === 'CANCELED') ? statuses : undefined;
      },
      { description: `every execution of ${jobId} canceled` },
    );
    assert.ok(after.has(names[0]!) && after.has(names[1]!));
    await ends.sweep();
    assert.equal((await describeJob(jobId)).lastUpdatedAt?.getTime(), canceled.lastUpdatedAt?.getTime(), 'a second firing changes nothing');
  });

  it('a CONTINUOUS job whose rollout stopped gives a thing that joins its group afterwards no execution, and completes once nothing is pending', async () => {
    const [member, joiner] = await things(2);
    const thingGroupName = uniqueName('g');
    const group = await sut.cp.send(new CreateThingGroupCommand({ thingGroupName }));
    await sut.cp.send(new AddThingToThingGroupCommand({ thingGroupName, thingName: member }));
    const [ending, witness] = [uniqueName('job'), uniqueName('job')];
    const continuous = { targets: [group.thingGroupArn!], document: '{}', targetSelection: 'CONTINUOUS' as const };
    // No endBehavior: the rollout stops.
    await sut.cp.send(new CreateJobCommand({ jobId: ending, ...continuous, schedulingConfig: { endTime: minutesAhead(30) } }));
    await sut.cp.send(new CreateJobCommand({ jobId: witness, ...continuous }));
    for (const jobId of [ending, witness]) {
      await pollUntil(async () => ((await executions(jobId)).get(member!) === 'QUEUED' ? true : undefined), { description: `${member} in ${jobId}` });
    }
    clock.advanceMinutes(30);
    await ends.sweep();

    await sut.cp.send(new AddThingToThingGroupCommand({ thingGroupName, thingName: joiner }));
    // The job without an end queues the joiner: the membership change has been handled.
    await pollUntil(async () => ((await executions(witness)).has(joiner!) ? true : undefined), { description: `${joiner} joins ${witness}` });
    assert.deepEqual([...(await executions(ending)).keys()], [member], 'the stopped job does not queue the joiner');
    assert.equal((await describeJob(ending)).status, 'IN_PROGRESS');

    await run(member!);
    await finish(ending, member!);
    await pollUntil(async () => ((await describeJob(ending)).status === 'COMPLETED' ? true : undefined), { description: `${ending} COMPLETED` });
  });

  it('an endTime too close, too far, too soon after the start or malformed, or an unknown endBehavior, is 400 naming the member and creates nothing', async () => {
    const cases: Array<[SchedulingConfig, RegExp]> = [
      [{ endTime: minutesAhead(29) }, /schedulingConfig\.endTime must be between 30 minutes and 730 days from now/],
      [{ endTime: new Date(clock.now().getTime() + 731 * 86_400_000).toISOString() }, /schedulingConfig\.endTime/],
      [
        { startTime: minutesAhead(40), endTime: minutesAhead(60) },
        /schedulingConfig\.endTime must be between 30 minutes and 730 days after schedulingConfig\.startTime/,
      ],
      [{ endTime: '2030-06-01 15:00' }, /schedulingConfig\.endTime must be an ISO-8601 date and time/],
      [{ endTime: minutesAhead(60), endBehavior: 'PAUSE' as JobEndBehavior }, /schedulingConfig\.endBehavior/],
    ];
    for (const [schedulingConfig, message] of cases) {
      const jobId = uniqueName('job');
      const error = await sdkError(
        sut.cp.send(new CreateJobCommand({ jobId, targets: [thingArn(uniqueName('t'))], document: '{}', schedulingConfig })),
      );
      assert.ok(error instanceof InvalidRequestException, JSON.stringify(schedulingConfig));
      assert.equal(error.$metadata.httpStatusCode, 400);
      assert.match(error.message, message);
      assert.ok((await sdkError(sut.cp.send(new DescribeJobCommand({ jobId })))) instanceof ResourceNotFoundException, 'no job');
    }
  });

  it('endBehavior without endTime is accepted, echoed and ends nothing', async () => {
    const [thingName] = await things(1);
    const jobId = uniqueName('job');
    await sut.cp.send(
      new CreateJobCommand({ jobId, targets: [thingArn(thingName!)], document: '{}', schedulingConfig: { endBehavior: 'FORCE_CANCEL' } }),
    );
    clock.advanceMinutes(60 * 24 * 800);
    await ends.sweep();
    const job = await describeJob(jobId);
    assert.equal(job.status, 'IN_PROGRESS');
    assert.deepEqual(job.schedulingConfig, { endBehavior: 'FORCE_CANCEL' });
    assert.equal((await executions(jobId)).get(thingName!), 'QUEUED');
  });
});
