import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import {
  AddThingToThingGroupCommand,
  AssociateTargetsWithJobCommand,
  CreateJobCommand,
  CreateThingCommand,
  CreateThingGroupCommand,
  DeleteThingCommand,
  DescribeJobCommand,
  DescribeJobExecutionCommand,
  DescribeThingGroupCommand,
  ListJobExecutionsForJobCommand,
  ListJobsCommand,
  RemoveThingFromThingGroupCommand,
  UpdateThingGroupsForThingCommand,
} from '@aws-sdk/client-iot';
import { GetPendingJobExecutionsCommand, StartNextPendingJobExecutionCommand, UpdateJobExecutionCommand } from '@aws-sdk/client-iot-jobs-data-plane';
import { pollUntil, sdkError, startServiceUnderTest, thingArn, uniqueName, type ServiceUnderTest } from '#testing';

const groupArn = (name: string) => `arn:aws:iot:us-east-1:123456789012:thinggroup/${name}`;

/** Jobs that target thing groups: resolution, the rollout, CONTINUOUS membership, AssociateTargetsWithJob. */
describe('jobs on thing groups', () => {
  let sut: ServiceUnderTest;
  before(async () => {
    // Some tests create a hundred groups in a row: throttling (tested on its own) must not answer them.
    sut = await startServiceUnderTest({
      env: { THING_TARGETS: 'registered', ROLLOUT_CHUNK_SIZE: '2', THROTTLE_RATE_PER_SECOND: '10000', THROTTLE_BURST: '10000' },
    });
  });
  after(() => sut.stop());

  const thing = async () => {
    const thingName = uniqueName('t');
    await sut.cp.send(new CreateThingCommand({ thingName }));
    return thingName;
  };
  const group = async (parentGroupName?: string) => {
    const thingGroupName = uniqueName('g');
    await sut.cp.send(new CreateThingGroupCommand({ thingGroupName, ...(parentGroupName ? { parentGroupName } : {}) }));
    return thingGroupName;
  };
  const add = (thingGroupName: string, thingName: string) => sut.cp.send(new AddThingToThingGroupCommand({ thingGroupName, thingName }));
  const createJob = async (targets: string[], targetSelection: 'SNAPSHOT' | 'CONTINUOUS' = 'SNAPSHOT') => {
    const jobId = uniqueName('job');
    await sut.cp.send(new CreateJobCommand({ jobId, targets, document: '{"op":"x"}', targetSelection }));
    return jobId;
  };
  const executionsOf = async (jobId: string) => {
    const { executionSummaries } = await sut.cp.send(new ListJobExecutionsForJobCommand({ jobId, maxResults: 250 }));
    return (executionSummaries ?? []).map((s) => `${s.thingArn!.split('/').at(-1)}:${s.jobExecutionSummary?.status}`).sort();
  };
  const statusOf = async (jobId: string, thingName: string) => {
    try {
      return (await sut.cp.send(new DescribeJobExecutionCommand({ jobId, thingName }))).execution?.status;
    } catch {
      return undefined;
    }
  };
  const until = <T>(probe: () => Promise<T | undefined>, description: string) => pollUntil(probe, { description, timeoutMs: 15_000 });

  it('a root target reaches things three levels down; a thing reached twice gets one execution; the rollout finishes', async () => {
    const root = await group();
    const mid = await group(root);
    const leaf = await group(mid);
    const other = await group();
    const things = [await thing(), await thing(), await thing(), await thing(), await thing()];
    await add(root, things[0]!);
    await add(mid, things[1]!);
    await add(leaf, things[2]!);
    await add(leaf, things[3]!);
    await add(other, things[3]!); // reached through both targets
    await add(other, things[4]!);
    const jobId = await createJob([groupArn(root), groupArn(other), thingArn(things[0]!)]);
    const job = await until(async () => {
      const { job } = await sut.cp.send(new DescribeJobCommand({ jobId }));
      return job?.isConcurrent === false ? job : undefined;
    }, 'the rollout to finish');
    assert.deepEqual(job.targets, [groupArn(root), groupArn(other), thingArn(things[0]!)]);
    assert.equal(job.jobProcessDetails?.numberOfQueuedThings, 5);
    assert.equal(job.jobProcessDetails?.processingTargets, undefined);
    assert.deepEqual(await executionsOf(jobId), things.map((t) => `${t}:QUEUED`).sort());
    const filtered = await sut.cp.send(new ListJobsCommand({ thingGroupName: root }));
    assert.deepEqual(
      filtered.jobs?.map((j) => j.jobId),
      [jobId],
    );
  });

  it('ListJobs by thingGroupId: the jobs targeting the group directly, each with the id; unknown id 404; name and id of two groups 400', async () => {
    const [targeted, unrelated] = [await group(), await group()];
    const sub = await group(targeted);
    const jobId = await createJob([groupArn(targeted)]);
    await createJob([groupArn(sub)]);
    const { thingGroupId } = await sut.cp.send(new DescribeThingGroupCommand({ thingGroupName: targeted }));
    const byId = await sut.cp.send(new ListJobsCommand({ thingGroupId }));
    assert.deepEqual(
      byId.jobs?.map((j) => [j.jobId, j.thingGroupId]),
      [[jobId, thingGroupId]],
    );
    const both = await sut.cp.send(new ListJobsCommand({ thingGroupName: targeted, thingGroupId }));
    assert.deepEqual(
      both.jobs?.map((j) => j.jobId),
      [jobId],
    );
    const unfiltered = await sut.cp.send(new ListJobsCommand({ maxResults: 250 }));
    assert.ok(unfiltered.jobs?.some((j) => j.jobId === jobId));
    assert.ok(
      unfiltered.jobs?.every((j) => j.thingGroupId === undefined),
      'thingGroupId only in filtered listings',
    );
    const unknown = await sdkError(sut.cp.send(new ListJobsCommand({ thingGroupId: '00000000-0000-0000-0000-000000000000' })));
    assert.deepEqual([unknown.name, unknown.$metadata.httpStatusCode], ['ResourceNotFoundException', 404]);
    const { thingGroupId: otherId } = await sut.cp.send(new DescribeThingGroupCommand({ thingGroupName: unrelated }));
    const mismatch = await sdkError(sut.cp.send(new ListJobsCommand({ thingGroupName: targeted, thingGroupId: otherId })));
    assert.deepEqual([mismatch.name, mismatch.$metadata.httpStatusCode], ['InvalidRequestException', 400]);
    assert.match(mismatch.message, /name different thing groups/);
    const malformed = await sdkError(sut.cp.send(new ListJobsCommand({ thingGroupId: 'not/an/id' })));
    assert.equal(malformed.name, 'InvalidRequestException');
  });

  it('an unknown thing or group target is 404 and creates nothing; a foreign account is 400', async () => {
    const known = await group();
    for (const target of [groupArn(uniqueName('missing')), thingArn(uniqueName('missing'))]) {
      const jobId = uniqueName('job');
      const error = await sdkError(sut.cp.send(new CreateJobCommand({ jobId, targets: [groupArn(known), target], document: '{}' })));
      assert.equal(error.name, 'ResourceNotFoundException');
      assert.equal(error.$metadata.httpStatusCode, 404);
      const described = await sdkError(sut.cp.send(new DescribeJobCommand({ jobId })));
      assert.equal(described.$metadata.httpStatusCode, 404);
    }
    const foreign = await sdkError(
      sut.cp.send(new CreateJobCommand({ jobId: uniqueName('job'), targets: ['arn:aws:iot:us-east-1:210987654321:thinggroup/x'], document: '{}' })),
    );
    assert.equal(foreign.name, 'InvalidRequestException');
  });

  it('CONTINUOUS: a joiner is queued, a leaver REMOVED, a move between two targeted groups is neither; devices see exactly that', async () => {
    const [a, b, c] = [await group(), await group(), await group()];
    const [stays, joiner, leaver, mover] = [await thing(), await thing(), await thing(), await thing()];
    await add(a, stays);
    await add(a, leaver);
    await add(a, mover);
    const jobId = await createJob([groupArn(a), groupArn(b)], 'CONTINUOUS');
    await until(async () => ((await statusOf(jobId, mover)) === 'QUEUED' ? true : undefined), 'the rollout');
    await add(b, joiner);
    assert.equal(await until(async () => statusOf(jobId, joiner), 'the joiner queued'), 'QUEUED');
    await sut.cp.send(new RemoveThingFromThingGroupCommand({ thingGroupName: a, thingName: leaver }));
    await until(async () => ((await statusOf(jobId, leaver)) === 'REMOVED' ? true : undefined), 'the leaver removed');
    await sut.cp.send(new UpdateThingGroupsForThingCommand({ thingName: mover, thingGroupsToAdd: [b], thingGroupsToRemove: [a] }));
    // A marker change after the move: once it is processed, the move (earlier in the log) was too.
    await add(c, stays);
    await sut.cp.send(new AddThingToThingGroupCommand({ thingGroupName: b, thingName: leaver }));
    await until(async () => ((await statusOf(jobId, leaver)) === 'QUEUED' ? true : undefined), 'the leaver re-queued on rejoining');
    const mine = (await sut.cp.send(new DescribeJobExecutionCommand({ jobId, thingName: mover }))).execution!;
    assert.deepEqual([mine.status, mine.executionNumber, mine.versionNumber], ['QUEUED', 1, 1]);
    const rejoined = (await sut.cp.send(new DescribeJobExecutionCommand({ jobId, thingName: leaver }))).execution!;
    assert.equal(rejoined.executionNumber, 2);
    const pending = await sut.dp.send(new GetPendingJobExecutionsCommand({ thingName: joiner }));
    assert.deepEqual(
      pending.queuedJobs?.map((j) => j.jobId),
      [jobId],
    );
    const started = await sut.dp.send(new StartNextPendingJobExecutionCommand({ thingName: mover }));
    assert.equal(started.execution?.jobId, jobId);
  });

  it('CONTINUOUS with retries: a thing leaving the targets takes its queued retry with it, and one that left first gets none', async () => {
    const g = await group();
    const [early, late, marker] = [await thing(), await thing(), await thing()];
    for (const t of [early, late, marker]) await add(g, t);
    const jobId = uniqueName('job');
    await sut.cp.send(
      new CreateJobCommand({
        jobId,
        targets: [groupArn(g)],
        document: '{"op":"x"}',
        targetSelection: 'CONTINUOUS',
        jobExecutionsRetryConfig: { criteriaList: [{ failureType: 'FAILED', numberOfRetries: 3 }] },
      }),
    );
    const latest = async (thingName: string) => {
      const { execution } = await sut.cp.send(new DescribeJobExecutionCommand({ jobId, thingName }));
      return `#${execution?.executionNumber} ${execution?.status}`;
    };
    const becomes = (thingName: string, expected: string) =>
      until(async () => ((await latest(thingName).catch(() => undefined)) === expected ? true : undefined), `${thingName} ${expected}`);
    const fail = async (thingName: string) => {
      await sut.dp.send(new StartNextPendingJobExecutionCommand({ thingName }));
      await sut.dp.send(new UpdateJobExecutionCommand({ jobId, thingName, status: 'FAILED' }));
    };
    const pendingOf = async (thingName: string) => {
      const pending = await sut.dp.send(new GetPendingJobExecutionsCommand({ thingName }));
      return [...(pending.inProgressJobs ?? []), ...(pending.queuedJobs ?? [])].filter((job) => job.jobId === jobId);
    };
    for (const t of [early, late, marker]) await becomes(t, '#1 QUEUED');

    // The retry is queued, then the thing leaves: the retry is REMOVED.
    await fail(early);
    await becomes(early, '#2 QUEUED');
    await sut.cp.send(new RemoveThingFromThingGroupCommand({ thingGroupName: g, thingName: early }));
    await becomes(early, '#2 REMOVED');
    assert.deepEqual(await pendingOf(early), []);

    // The thing leaves right after failing, before or while its retry is due.
    await fail(late);
    await sut.cp.send(new RemoveThingFromThingGroupCommand({ thingGroupName: g, thingName: late }));
    // Markers later in the log: once they are handled, both reactions have handled `late`'s events.
    await fail(marker);
    await becomes(marker, '#2 QUEUED');
    const joiner = await thing();
    await add(g, joiner);
    await becomes(joiner, '#1 QUEUED');
    assert.match(await latest(late), /^(#1 FAILED|#2 REMOVED)$/);
    assert.deepEqual(await pendingOf(late), []);
    assert.deepEqual(await pendingOf(early), []);
  });

  it('AssociateTargetsWithJob adds a group to a CONTINUOUS job; SNAPSHOT jobs refuse; beyond 100 targets is LimitExceeded', async () => {
    const [a, b] = [await group(), await group()];
    const late = await thing();
    await add(b, late);
    const jobId = await createJob([groupArn(a)], 'CONTINUOUS');
    const result = await sut.cp.send(new AssociateTargetsWithJobCommand({ jobId, targets: [groupArn(b)], comment: 'wave 2' }));
    assert.equal(result.jobId, jobId);
    assert.equal(await until(async () => statusOf(jobId, late), 'the associated group rolled out'), 'QUEUED');
    const { job } = await sut.cp.send(new DescribeJobCommand({ jobId }));
    assert.deepEqual([job?.targets, job?.comment], [[groupArn(a), groupArn(b)], 'wave 2']);
    const snapshot = await createJob([groupArn(a)]);
    const refused = await sdkError(sut.cp.send(new AssociateTargetsWithJobCommand({ jobId: snapshot, targets: [groupArn(b)] })));
    assert.equal(refused.name, 'InvalidRequestException');
    const many = [];
    for (let i = 0; i < 99; i += 1) many.push(groupArn(await group()));
    const limit = await sdkError(sut.cp.send(new AssociateTargetsWithJobCommand({ jobId, targets: many })));
    assert.equal(limit.name, 'LimitExceededException');
    assert.equal(limit.$metadata.httpStatusCode, 410);
  });

  it('DeleteThing removes its pending executions and a SNAPSHOT job then completes', async () => {
    const [gone, done] = [await thing(), await thing()];
    const jobId = await createJob([thingArn(gone), thingArn(done)]);
    await sut.dp.send(new StartNextPendingJobExecutionCommand({ thingName: done }));
    await sut.cp.send(new DeleteThingCommand({ thingName: gone }));
    await until(async () => ((await statusOf(jobId, gone)) === 'REMOVED' ? true : undefined), 'the execution removed');
    const { UpdateJobExecutionCommand } = await import('@aws-sdk/client-iot-jobs-data-plane');
    await sut.dp.send(new UpdateJobExecutionCommand({ jobId, thingName: done, status: 'SUCCEEDED' }));
    const job = await until(async () => {
      const { job } = await sut.cp.send(new DescribeJobCommand({ jobId }));
      return job?.status === 'COMPLETED' ? job : undefined;
    }, 'the job completed');
    assert.deepEqual([job.jobProcessDetails?.numberOfRemovedThings, job.jobProcessDetails?.numberOfSucceededThings], [1, 1]);
  });
});
