import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SERVICE_ACTOR } from '#jobs/application';
import type { EndBehavior } from '#jobs/domain';
import { cancelJob, createJob, executionStream, jobStream, minutesAfter, startNext, updateExecution } from './support/messages.js';
import { addToGroups, createGroup, createThing, removeFromGroups, thingGroupArn } from './support/registry-messages.js';
import { T0, UseCaseApp } from './support/use-case-app.js';

const END = minutesAfter(T0, 30);
const endTime = END.toISOString();
const THINGS = ['thing-a', 'thing-b', 'thing-c', 'thing-d', 'thing-e'];
const schedulingConfig = (endBehavior?: EndBehavior) => ({ endTime, ...(endBehavior ? { endBehavior } : {}) });

/**
 * job-1 on five things paced at two a minute, ending at T0 + 30 min: its first chunk (thing-a,
 * thing-b) went out at T0 and the rollout timer has not fired since, so three targets wait.
 * thing-a is IN_PROGRESS, thing-b QUEUED.
 */
async function pacedJob(endBehavior?: EndBehavior): Promise<UseCaseApp> {
  const app = new UseCaseApp();
  const since = app.store.position();
  await app.given(
    createJob('job-1', THINGS, { jobExecutionsRolloutConfig: { maximumPerMinute: 2 }, schedulingConfig: schedulingConfig(endBehavior) }),
  );
  await app.givenReacted(app.rollout, since);
  await app.given(startNext('thing-a'));
  return app;
}

/** When: the end timer fires at `at`. Its result: how many jobs were due. */
function sweepAt(app: UseCaseApp, at: Date) {
  app.clock.set(at);
  return app.whenRunning(() => app.scheduledEnds.sweep());
}

const types = (events: ReadonlyArray<{ type: string }>) => events.map((event) => event.type);

describe('ScheduledEnds: the end timer', () => {
  it('fires nothing before endTime; at endTime STOP_ROLLOUT stops the paced rollout and a second firing does nothing', async () => {
    const app = await pacedJob('STOP_ROLLOUT');
    assert.equal((await sweepAt(app, minutesAfter(T0, 29))).thenNothingAppended(), 0);
    const due = (await sweepAt(app, END)).thenAppended([
      {
        streamId: jobStream('job-1'),
        type: 'JobRolloutStopped',
        data: { jobId: 'job-1', status: 'IN_PROGRESS', at: endTime, actor: SERVICE_ACTOR, endTime, endBehavior: 'STOP_ROLLOUT' },
      },
    ]);
    assert.equal(due, 1);
    assert.equal((await sweepAt(app, minutesAfter(END, 1))).thenNothingAppended(), 0, 'a stopped job is no longer due');
    const job = await app.readModel.findJob('job-1');
    assert.equal(job?.status, 'IN_PROGRESS');
    assert.equal(job?.jobProcessDetails.processingTargets, undefined);
    assert.deepEqual(job?.schedulingConfig, schedulingConfig('STOP_ROLLOUT'));
    // The paced rollout's timer was due long ago: it queues nothing now.
    (await app.whenRunning(() => app.rolloutTimers.sweep())).thenNothingAppended();
  });

  it('no endBehavior stops the rollout too', async () => {
    const app = await pacedJob();
    assert.deepEqual(types((await sweepAt(app, END)).events()), ['JobRolloutStopped']);
  });

  it('after STOP_ROLLOUT the existing executions run on, and the job completes when the last one ends', async () => {
    const app = await pacedJob('STOP_ROLLOUT');
    const stoppedAt = app.store.position();
    await sweepAt(app, END);
    (await app.whenReacting(app.progress, stoppedAt)).thenNothingAppended();
    await app.given(updateExecution('job-1', 'thing-a', 'SUCCEEDED'), startNext('thing-b'));
    const since = app.store.position();
    await app.given(updateExecution('job-1', 'thing-b', 'FAILED'));
    (await app.whenReacting(app.progress, since)).thenAppendedMatching([
      { streamId: jobStream('job-1'), type: 'JobCompleted', data: { status: 'COMPLETED', actor: SERVICE_ACTOR } },
    ]);
  });

  it('a stop when every execution has ended already completes the job at once (job-progress reacts to the stop)', async () => {
    const app = await pacedJob('STOP_ROLLOUT');
    await app.given(updateExecution('job-1', 'thing-a', 'SUCCEEDED'), startNext('thing-b'), updateExecution('job-1', 'thing-b', 'SUCCEEDED'));
    const since = app.store.position();
    await sweepAt(app, END);
    (await app.whenReacting(app.progress, since)).thenAppendedMatching([{ streamId: jobStream('job-1'), type: 'JobCompleted', data: {} }]);
  });

  for (const [behavior, force] of [
    ['CANCEL', false],
    ['FORCE_CANCEL', true],
  ] as const) {
    it(`${behavior}: the job is canceled as by CancelJob with force ${force}, reasonCode SCHEDULED_END, and its executions follow`, async () => {
      const app = await pacedJob(behavior);
      const since = app.store.position();
      (await sweepAt(app, END)).thenAppendedMatching([
        {
          streamId: jobStream('job-1'),
          type: 'JobCanceled',
          data: { status: 'CANCELED', force, reasonCode: 'SCHEDULED_END', actor: SERVICE_ACTOR, previousStatus: 'IN_PROGRESS' },
        },
      ]);
      const canceled = (await app.whenReacting(app.jobWideWork, since)).events();
      assert.deepEqual(
        canceled
          .filter((event) => event.type === 'JobExecutionCanceled')
          .map((event) => event.streamId)
          .sort(),
        (force ? ['thing-a', 'thing-b'] : ['thing-b']).map((thingName) => executionStream('job-1', thingName)),
      );
      const job = await app.readModel.findJob('job-1');
      assert.equal(job?.status, 'CANCELED');
      assert.equal(job?.reasonCode, 'SCHEDULED_END');
      assert.equal(job?.forceCanceled, force);
      assert.equal((await sweepAt(app, minutesAfter(END, 1))).thenNothingAppended(), 0, 'a canceled job is no longer due');
    });
  }

  it('a job canceled before its end is not due', async () => {
    const app = await pacedJob('FORCE_CANCEL');
    await app.given(cancelJob('job-1'));
    assert.equal((await sweepAt(app, END)).thenNothingAppended(), 0);
  });

  it('lost race: two instances fire at once; the job ends once', async () => {
    const app = await pacedJob('CANCEL');
    const other = app.elsewhere();
    app.store.interfere(() => other.scheduledEnds.sweep());
    const outcome = await sweepAt(app, END);
    assert.deepEqual(types(outcome.events()), ['JobCanceled']);
    assert.equal(app.store.interferencesLeft(), 0);
  });
});

describe('ScheduledEnds: a CONTINUOUS job whose rollout stopped', () => {
  /** job-1 CONTINUOUS on group `fleet` (thing-1 QUEUED), ending at END with STOP_ROLLOUT, ended. */
  async function stoppedContinuousJob(): Promise<UseCaseApp> {
    const app = new UseCaseApp();
    await app.given(createGroup('fleet'), createThing('thing-1'), createThing('thing-2'), addToGroups('thing-1', 'fleet'));
    const since = app.store.position();
    await app.given(createJob('job-1', [], { targets: [thingGroupArn('fleet')], targetSelection: 'CONTINUOUS', schedulingConfig: { endTime } }));
    await app.givenReacted(app.rollout, since);
    await sweepAt(app, END);
    return app;
  }

  it('a thing joining the targeted group afterwards gets no execution', async () => {
    const app = await stoppedContinuousJob();
    const since = app.store.position();
    await app.given(addToGroups('thing-2', 'fleet'));
    (await app.whenReacting(app.thingTargets, since)).thenNothingAppended();
    assert.equal(await app.readModel.findExecution({ jobId: 'job-1', thingName: 'thing-2' }), undefined);
  });

  it('a thing leaving has its pending execution REMOVED, and the job, with nothing pending, completes', async () => {
    const app = await stoppedContinuousJob();
    const since = app.store.position();
    await app.given(removeFromGroups('thing-1', 'fleet'));
    (await app.whenReacting(app.thingTargets, since)).thenAppendedMatching([
      { streamId: executionStream('job-1', 'thing-1'), type: 'JobExecutionRemoved', data: { status: 'REMOVED', reason: 'LEFT_TARGETS' } },
    ]);
    (await app.whenReacting(app.progress, since)).thenAppendedMatching([
      { streamId: jobStream('job-1'), type: 'JobCompleted', data: { status: 'COMPLETED' } },
    ]);
  });
});
