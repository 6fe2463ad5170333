import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import {
  AddThingToThingGroupCommand,
  CancelJobCommand,
  CreateJobCommand,
  CreateThingCommand,
  CreateThingGroupCommand,
  DescribeJobCommand,
  ListJobExecutionsForJobCommand,
  UpdateJobCommand,
  type JobExecutionsRolloutConfig,
} from '@aws-sdk/client-iot';
import pg from 'pg';
import { JobRolloutReaction, RolloutTimers } from '#jobs/application';
import { ManualClock, pollUntil, startServiceUnderTest, thingArn, uniqueName, type ServiceUnderTest } from '#testing';
import { holdReactionLease, releaseReactionLease } from './support/reaction-lease.js';

/**
 * jobExecutionsRolloutConfig (docs/aws-behaviour.md §19) through the AWS SDK. The service runs on
 * a clock the test moves; the rollout timer is fired directly (the background sweep may fire it
 * too, on the same clock: the version guard makes that harmless).
 */
describe('rollout rate', () => {
  let sut: ServiceUnderTest;
  let timers: RolloutTimers;
  const clock = new ManualClock();
  before(async () => {
    // The test registers fleets and polls listings faster than the default per-caller throttle.
    sut = await startServiceUnderTest({ clock, env: { THROTTLE_RATE_PER_SECOND: '100000', THROTTLE_BURST: '100000' } });
    timers = sut.service.app.get(RolloutTimers);
  });
  after(() => sut.stop());

  const { executions, untilCount, settledAt, fleet, create, processing } = rolloutHelpers(
    () => sut,
    () => timers,
  );

  it('120 targets at maximumPerMinute 30: 30 executions in the first minute, 60 in the second, … in list order', async () => {
    const { groupArn, names } = await fleet(118);
    const direct = [uniqueName('d'), uniqueName('d')];
    for (const thingName of direct) await sut.cp.send(new CreateThingCommand({ thingName }));
    const jobId = uniqueName('job');
    await create(jobId, [thingArn(direct[0]!), groupArn, thingArn(direct[1]!)], { maximumPerMinute: 30 });
    const described = (await sut.cp.send(new DescribeJobCommand({ jobId }))).job!;
    assert.deepEqual(described.jobExecutionsRolloutConfig, { maximumPerMinute: 30 });
    await settledAt(jobId, 30);
    const first = await executions(jobId);
    assert.ok(first.includes(direct[0]!), 'the first target comes first');
    assert.ok(!first.includes(direct[1]!), 'the last target comes last');
    const running = (await sut.cp.send(new DescribeJobCommand({ jobId }))).job!;
    assert.equal(running.isConcurrent, true);
    assert.deepEqual(running.jobProcessDetails?.processingTargets, [groupArn, thingArn(direct[1]!)]);
    clock.advanceSeconds(59);
    await settledAt(jobId, 30);
    // The sweeper looks again when the next chunk is due, not at its next tick (§19.7).
    assert.equal(await timers.untilNextDue(), 1000);
    for (const expected of [60, 90, 120]) {
      clock.advanceSeconds(expected === 60 ? 1 : 60);
      await settledAt(jobId, expected);
    }
    const all = await executions(jobId);
    assert.equal(new Set(all).size, 120);
    assert.deepEqual(new Set(all), new Set([...direct, ...names]));
    const done = await pollUntil(
      async () => {
        const job = (await sut.cp.send(new DescribeJobCommand({ jobId }))).job!;
        return job.jobProcessDetails?.processingTargets === undefined ? job : undefined;
      },
      { description: 'the rollout finished' },
    );
    assert.equal(done.isConcurrent, false);
    assert.equal(done.status, 'IN_PROGRESS');
  });

  it('an exponential rate steps up at multiples of the notified count, capped by maximumPerMinute', async () => {
    const { groupArn } = await fleet(30);
    const jobId = uniqueName('job');
    await create(jobId, [groupArn], {
      maximumPerMinute: 8,
      // numberOfSucceededThings is never reached here: no device runs its execution.
      exponentialRate: {
        baseRatePerMinute: 2,
        incrementFactor: 2,
        rateIncreaseCriteria: { numberOfNotifiedThings: 6, numberOfSucceededThings: 1000 },
      },
    });
    // Rate 2 until 6 are notified, 4 until 12, then 8 (16 would be, the cap says 8). A step applies
    // at once to the current window: at 2:00 the 6th notification makes it 4, so 2 more follow.
    await settledAt(jobId, 2);
    for (const expected of [4, 8, 16, 24, 30]) {
      clock.advanceSeconds(60);
      await settledAt(jobId, expected);
    }
  });

  it('CancelJob mid-rollout: no new executions afterwards, and the rollout stops processing', async () => {
    const { groupArn } = await fleet(10);
    const jobId = uniqueName('job');
    await create(jobId, [groupArn], { maximumPerMinute: 3 });
    await settledAt(jobId, 3);
    await sut.cp.send(new CancelJobCommand({ jobId }));
    await pollUntil(
      async () => {
        const job = (await sut.cp.send(new DescribeJobCommand({ jobId }))).job!;
        return job.jobProcessDetails?.processingTargets === undefined ? true : undefined;
      },
      { description: 'the rollout closed' },
    );
    clock.advanceSeconds(120);
    await timers.sweep();
    assert.equal((await executions(jobId)).length, 3);
  });

  it('UpdateJob raises the rate from the next computation; a bad config is a 400 that changes nothing', async () => {
    const { groupArn } = await fleet(12);
    const jobId = uniqueName('job');
    await create(jobId, [groupArn], { maximumPerMinute: 2 });
    await settledAt(jobId, 2);
    await assert.rejects(
      sut.cp.send(new UpdateJobCommand({ jobId, jobExecutionsRolloutConfig: { maximumPerMinute: 1001 } })),
      (error: Error & { $metadata?: { httpStatusCode?: number } }) => error.$metadata?.httpStatusCode === 400,
    );
    await sut.cp.send(new UpdateJobCommand({ jobId, jobExecutionsRolloutConfig: { maximumPerMinute: 6 } }));
    await settledAt(jobId, 6);
    assert.deepEqual((await sut.cp.send(new DescribeJobCommand({ jobId }))).job?.jobExecutionsRolloutConfig, { maximumPerMinute: 6 });
    // Lowered: the next window holds 1, not 6.
    await sut.cp.send(new UpdateJobCommand({ jobId, jobExecutionsRolloutConfig: { maximumPerMinute: 1 } }));
    clock.advanceSeconds(60);
    await settledAt(jobId, 7);
    clock.advanceSeconds(60);
    await settledAt(jobId, 8);
  });

  it('UpdateJob with a rate on a job whose rollout is done stores it and paces nothing; CONTINUOUS joiners are queued at once', async () => {
    const { groupArn, thingGroupName } = await fleet(3);
    const jobId = uniqueName('job');
    await sut.cp.send(new CreateJobCommand({ jobId, targets: [groupArn], document: '{}', targetSelection: 'CONTINUOUS' }));
    await untilCount(jobId, 3);
    await pollUntil(async () => ((await processing(jobId)) === undefined ? true : undefined), { description: 'the unpaced rollout finished' });
    await sut.cp.send(new UpdateJobCommand({ jobId, jobExecutionsRolloutConfig: { maximumPerMinute: 1 } }));
    const described = (await sut.cp.send(new DescribeJobCommand({ jobId }))).job!;
    assert.deepEqual(described.jobExecutionsRolloutConfig, { maximumPerMinute: 1 });
    assert.equal(described.jobProcessDetails?.processingTargets, undefined, 'nothing left to roll out');
    // Joiners of a CONTINUOUS job are queued when they join, as on a job created with the rate (§19.5).
    const joiners = [uniqueName('joiner'), uniqueName('joiner'), uniqueName('joiner')];
    for (const thingName of joiners) {
      await sut.cp.send(new CreateThingCommand({ thingName }));
      await sut.cp.send(new AddThingToThingGroupCommand({ thingGroupName, thingName }));
    }
    await settledAt(jobId, 6);
  });
});

/**
 * UpdateJob gives a rate to a group rollout that is still walking (docs/aws-behaviour.md §19.6).
 * The rollout reaction's lease is held by the test from the start, so the test walks the first
 * chunk itself and the rollout is certainly mid-walk when the update lands; handing the lease back
 * lets the service go on on its own.
 */
describe('rollout rate given by UpdateJob to a rollout under way', () => {
  const REACTION = 'reaction:job-rollout';
  let sut: ServiceUnderTest;
  let timers: RolloutTimers;
  let sql: pg.Pool;
  const clock = new ManualClock();
  before(async () => {
    sut = await startServiceUnderTest({
      clock,
      env: { THROTTLE_RATE_PER_SECOND: '100000', THROTTLE_BURST: '100000', REACTION_POLL_INTERVAL_MS: '100' },
      beforeStart: async (databaseUrl) => {
        const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
        await holdReactionLease(pool, databaseUrl, REACTION).finally(() => pool.end());
      },
    });
    sql = sut.sql;
    timers = sut.service.app.get(RolloutTimers);
  });
  after(() => sut.stop());
  const { executions, settledAt, fleet, processing } = rolloutHelpers(
    () => sut,
    () => timers,
  );

  it('the unpaced walk becomes paced from its cursor: the next targets at the new rate, none walked twice', async () => {
    const { groupArn, names } = await fleet(10);
    const direct = uniqueName('d');
    const jobId = uniqueName('job');
    await sut.cp.send(new CreateJobCommand({ jobId, targets: [thingArn(direct), groupArn], document: '{}' }));
    assert.deepEqual(await executions(jobId), [direct], 'the direct thing is queued by CreateJob; the group waits for the rollout');
    // One unpaced chunk of 3 members: the walk stands after the third.
    assert.equal(await sut.service.app.get(JobRolloutReaction).nextChunk(jobId, 3), true);
    assert.deepEqual((await executions(jobId)).sort(), [direct, ...names.slice(0, 3)].sort());

    await sut.cp.send(new UpdateJobCommand({ jobId, jobExecutionsRolloutConfig: { maximumPerMinute: 2 } }));
    assert.deepEqual((await sut.cp.send(new DescribeJobCommand({ jobId }))).job?.jobExecutionsRolloutConfig, { maximumPerMinute: 2 });
    assert.deepEqual(await processing(jobId), [groupArn]);
    await releaseReactionLease(sql, REACTION);

    // Two a minute from where the walk stood: members 4 and 5 now, not the first three again.
    await settledAt(jobId, 6);
    assert.deepEqual((await executions(jobId)).sort(), [direct, ...names.slice(0, 5)].sort());
    // One paced chunk, starting after the cursor: no chunk re-walked the three already queued.
    const { rows } = await sql.query<{ data: { queued: number; position?: unknown } }>(
      `SELECT data FROM es_events WHERE stream_id = $1 AND event_type = 'JobRolloutAdvanced' AND stream_version >
         (SELECT stream_version FROM es_events WHERE stream_id = $1 AND event_type = 'JobUpdated') ORDER BY stream_version`,
      [`job/${jobId}`],
    );
    const thingGroupName = groupArn.split('/').pop()!;
    assert.deepEqual(
      rows.map((row) => [row.data.queued, row.data.position]),
      [[2, { index: 0, after: { groupName: thingGroupName, thingName: names[4] } }]],
    );
    for (const expected of [8, 10, 11]) {
      clock.advanceSeconds(60);
      await settledAt(jobId, expected);
    }
    assert.deepEqual((await executions(jobId)).sort(), [direct, ...names].sort());
    await pollUntil(async () => ((await processing(jobId)) === undefined ? true : undefined), { description: 'the paced rollout finished' });
  });
});

/** Listing, settling and fleet helpers of both suites, on the service and timers of the suite. */
function rolloutHelpers(sutOf: () => ServiceUnderTest, timersOf: () => RolloutTimers) {
  const executions = async (jobId: string): Promise<string[]> => {
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sutOf().cp.send(new ListJobExecutionsForJobCommand({ jobId, maxResults: 250, nextToken }));
      names.push(...(page.executionSummaries ?? []).map((summary) => summary.thingArn!.split('/').pop()!));
      nextToken = page.nextToken;
    } while (nextToken);
    return names;
  };
  const untilCount = (jobId: string, count: number) =>
    pollUntil(async () => ((await executions(jobId)).length === count ? true : undefined), { description: `${count} executions of ${jobId}` });
  /** Exactly `count` executions exist, and a timer firing now adds none. */
  const settledAt = async (jobId: string, count: number) => {
    await untilCount(jobId, count);
    await timersOf().sweep();
    assert.equal((await executions(jobId)).length, count);
  };

  const fleet = async (size: number) => {
    const thingGroupName = uniqueName('g');
    const group = await sutOf().cp.send(new CreateThingGroupCommand({ thingGroupName }));
    const names = Array.from({ length: size }, (_, i) => `${thingGroupName}-t${String(i).padStart(3, '0')}`);
    for (const thingName of names) {
      await sutOf().cp.send(new CreateThingCommand({ thingName }));
      await sutOf().cp.send(new AddThingToThingGroupCommand({ thingGroupName, thingName }));
    }
    return { groupArn: group.thingGroupArn!, thingGroupName, names };
  };
  const create = (jobId: string, targets: string[], jobExecutionsRolloutConfig: JobExecutionsRolloutConfig) =>
    sutOf().cp.send(new CreateJobCommand({ jobId, targets, document: '{}', jobExecutionsRolloutConfig }));

  const processing = async (jobId: string) => (await sutOf().cp.send(new DescribeJobCommand({ jobId }))).job!.jobProcessDetails?.processingTargets;
  return { executions, untilCount, settledAt, fleet, create, processing };
}
