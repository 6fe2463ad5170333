import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SERVICE_ACTOR, UpdateJobCommand } from '#jobs/application';
import { cancelJob, createJob, executionStream, jobStream, OPERATOR, thingArn } from './support/messages.js';
import { T0, UseCaseApp } from './support/use-case-app.js';

const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);
const THINGS = ['thing-a', 'thing-b', 'thing-c', 'thing-d', 'thing-e'];

/** job-1 on five things at two a minute; its first chunk (thing-a, thing-b) went out at T0. */
async function pacedJob(): Promise<{ app: UseCaseApp; since: number }> {
  const app = new UseCaseApp();
  const since = app.store.position();
  await app.given(createJob('job-1', THINGS, { jobExecutionsRolloutConfig: { maximumPerMinute: 2 } }));
  await app.givenReacted(app.rollout, since);
  return { app, since };
}

/** When: the rollout timer fires at `seconds` after T0. Its result: how many jobs it advanced. */
function sweepAt(app: UseCaseApp, seconds: number) {
  app.clock.set(at(seconds));
  return app.whenRunning(() => app.rolloutTimers.sweep());
}

const queuedThings = (events: ReadonlyArray<{ type: string; data: object }>) =>
  events.filter((event) => event.type === 'JobExecutionQueued').map((event) => (event.data as { thingName: string }).thingName);

describe('Paced rollout (JobRolloutReaction and RolloutTimers)', () => {
  it('JobCreated: queues what the rate allows now and stores when the next target is due', async () => {
    const app = new UseCaseApp();
    const since = app.store.position();
    (await app.when(createJob('job-1', THINGS, { jobExecutionsRolloutConfig: { maximumPerMinute: 2 } }))).thenAppendedMatching([
      { streamId: jobStream('job-1'), type: 'JobCreated', data: {} },
    ]);
    (await app.whenReacting(app.rollout, since)).thenAppendedMatching([
      {
        streamId: jobStream('job-1'),
        type: 'JobRolloutAdvanced',
        data: {
          queued: 2,
          done: false,
          position: { index: 2 },
          nextAt: at(60).toISOString(),
          processingTargets: ['thing-c', 'thing-d', 'thing-e'].map(thingArn),
          actor: SERVICE_ACTOR,
        },
      },
      { streamId: executionStream('job-1', 'thing-a'), type: 'JobExecutionQueued', data: { at: T0.toISOString() } },
      { streamId: executionStream('job-1', 'thing-b'), type: 'JobExecutionQueued', data: {} },
    ]);
    // At-least-once delivery: the same batch again finds no allowance left and stores nothing.
    (await app.whenReacting(app.rollout, since)).thenNothingAppended();
  });

  it('the timer advances the job only once its time has come, then until the targets run out', async () => {
    const { app } = await pacedJob();
    assert.equal((await sweepAt(app, 30)).thenNothingAppended(), 0);

    const advanced = (await sweepAt(app, 60)).thenAppendedMatching([
      {
        streamId: jobStream('job-1'),
        type: 'JobRolloutAdvanced',
        data: { queued: 2, done: false, position: { index: 4 }, nextAt: at(120).toISOString() },
      },
      { streamId: executionStream('job-1', 'thing-c'), type: 'JobExecutionQueued', data: { at: at(60).toISOString() } },
      { streamId: executionStream('job-1', 'thing-d'), type: 'JobExecutionQueued', data: {} },
    ]);
    assert.equal(advanced, 1);
    // Fired again at the same instant: nothing is due.
    assert.equal((await sweepAt(app, 60)).thenNothingAppended(), 0);

    (await sweepAt(app, 120)).thenAppendedMatching([
      { streamId: jobStream('job-1'), type: 'JobRolloutAdvanced', data: { queued: 1, done: true, nextAt: undefined } },
      { streamId: executionStream('job-1', 'thing-e'), type: 'JobExecutionQueued', data: {} },
    ]);
    assert.equal((await app.readModel.findJob('job-1'))?.jobProcessDetails.processingTargets, undefined);
    assert.equal((await sweepAt(app, 600)).thenNothingAppended(), 0);
  });

  it('JobUpdated with a higher rate: the extra allowance is used at once', async () => {
    const { app } = await pacedJob();
    app.clock.set(at(10));
    const since = app.store.position();
    await app.given(new UpdateJobCommand({ jobId: 'job-1', jobExecutionsRolloutConfig: { maximumPerMinute: 4 }, actor: OPERATOR }));
    const outcome = await app.whenReacting(app.rollout, since);
    assert.deepEqual(queuedThings(outcome.events()), ['thing-c', 'thing-d']);
  });

  it('a job canceled mid-rollout: the next firing closes the rollout and queues nothing', async () => {
    const { app, since } = await pacedJob();
    await app.given(cancelJob('job-1'));
    const outcome = await app.whenReacting(app.rollout, since);
    outcome.thenAppendedMatching([{ streamId: jobStream('job-1'), type: 'JobRolloutAdvanced', data: { status: 'CANCELED', queued: 0, done: true } }]);
    assert.equal((await sweepAt(app, 60)).thenNothingAppended(), 0);
  });

  it('untilNextDue: how long until a chunk the last sweep did not pick up is due (the sweeper wakes then)', async () => {
    const { app } = await pacedJob();
    assert.equal(await app.rolloutTimers.untilNextDue(), undefined, 'before the first sweep');
    await sweepAt(app, 30);
    assert.equal(await app.rolloutTimers.untilNextDue(), 30_000);
    app.clock.set(at(45));
    assert.equal(await app.rolloutTimers.untilNextDue(), 15_000);
    await sweepAt(app, 60);
    assert.equal(await app.rolloutTimers.untilNextDue(), 60_000, 'the chunk at 60 s stored the next one at 120 s');
  });

  it('untilNextDue: a chunk the last sweep left due (failed, over its limit) is not a wake-up, so it cannot spin', async () => {
    const { app } = await pacedJob();
    app.clock.set(at(61));
    await app.rolloutTimers.sweep(0);
    assert.equal(await app.rolloutTimers.untilNextDue(), undefined);
  });

  it('lost race: two instances fire at once; only one uses the window', async () => {
    const { app } = await pacedJob();
    const other = app.elsewhere();
    app.store.interfere(() => other.rolloutTimers.sweep());
    const outcome = await sweepAt(app, 60);
    assert.deepEqual(queuedThings(outcome.events()), ['thing-c', 'thing-d']);
    assert.deepEqual(
      outcome.events().map((event) => event.type),
      ['JobRolloutAdvanced', 'JobExecutionQueued', 'JobExecutionQueued'],
    );
    assert.equal(app.store.interferencesLeft(), 0);
  });
});
