import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GetPendingJobExecutionsQuery, SERVICE_ACTOR } from '#jobs/application';
import {
  cancelExecution,
  type CreateJobInput,
  createJob,
  executionStream,
  minutesAfter,
  OPERATOR,
  startNext,
  thingArn,
  updateExecution,
} from './support/messages.js';
import {
  addToGroups,
  createGroup,
  createThing,
  deleteGroup,
  deleteThing,
  moveBetweenGroups,
  removeFromGroups,
  thingGroupArn,
} from './support/registry-messages.js';
import { T0, UseCaseApp } from './support/use-case-app.js';

/**
 * Groups `fleet` (with child `fleet-eu`) and `beta`; thing-1 in `fleet`, thing-2 in no group; job-1
 * CONTINUOUS on `fleet`, its rollout done (thing-1 QUEUED).
 */
async function continuousJob(targets = [thingGroupArn('fleet')], job: Partial<CreateJobInput> = {}): Promise<UseCaseApp> {
  const app = new UseCaseApp();
  await app.given(createGroup('fleet'), createGroup('fleet-eu', { parentGroupName: 'fleet' }), createGroup('beta'));
  await app.given(createThing('thing-1'), createThing('thing-2'), addToGroups('thing-1', 'fleet'));
  const since = app.store.position();
  await app.given(createJob('job-1', [], { targets, targetSelection: 'CONTINUOUS', ...job }));
  await app.givenReacted(app.rollout, since);
  return app;
}

/** Given the registry change(s), when the reaction is fed them. */
async function afterChange(app: UseCaseApp, ...changes: Parameters<UseCaseApp['given']>) {
  const since = app.store.position();
  await app.given(...changes);
  return { since, outcome: await app.whenReacting(app.thingTargets, since) };
}

describe('ThingTargetsReaction: membership changes', () => {
  it('a thing joining a targeted group (through a subgroup) is queued for the CONTINUOUS job only', async () => {
    const app = await continuousJob();
    assert.equal((await app.readModel.findExecution({ jobId: 'job-1', thingName: 'thing-1' }))?.status, 'QUEUED');
    await app.given(createJob('job-2', [], { targets: [thingGroupArn('fleet')] })); // SNAPSHOT
    const { since, outcome } = await afterChange(app, addToGroups('thing-2', 'fleet-eu'));
    outcome.thenAppendedMatching([
      {
        streamId: executionStream('job-1', 'thing-2'),
        type: 'JobExecutionQueued',
        data: { thingArn: thingArn('thing-2'), executionNumber: 1, status: 'QUEUED', actor: SERVICE_ACTOR },
      },
    ]);
    // At-least-once delivery: the same batch again changes nothing.
    (await app.whenReacting(app.thingTargets, since)).thenNothingAppended();
  });

  it('a thing leaving the targets has its pending execution REMOVED', async () => {
    const app = await continuousJob();
    const { since, outcome } = await afterChange(app, removeFromGroups('thing-1', 'fleet'));
    outcome.thenAppendedMatching([
      {
        streamId: executionStream('job-1', 'thing-1'),
        type: 'JobExecutionRemoved',
        data: { status: 'REMOVED', previousStatus: 'QUEUED', reason: 'LEFT_TARGETS' },
      },
    ]);
    (await app.whenReacting(app.thingTargets, since)).thenNothingAppended();
  });

  it('a thing that leaves and joins again gets a new execution', async () => {
    const app = await continuousJob();
    await afterChange(app, removeFromGroups('thing-1', 'fleet'));
    const { outcome } = await afterChange(app, addToGroups('thing-1', 'fleet'));
    outcome.thenAppendedMatching([{ streamId: executionStream('job-1', 'thing-1'), type: 'JobExecutionQueued', data: { executionNumber: 2 } }]);
  });

  it('a move between two targeted groups (one event) removes nothing', async () => {
    const app = await continuousJob([thingGroupArn('fleet'), thingGroupArn('beta')]);
    const { outcome } = await afterChange(app, moveBetweenGroups('thing-1', ['beta'], ['fleet']));
    outcome.thenNothingAppended();
  });

  it('lost race: an operator cancel committed first leaves nothing to remove', async () => {
    const app = await continuousJob();
    const since = app.store.position();
    await app.given(removeFromGroups('thing-1', 'fleet'));
    app.store.interfere(() => app.send(cancelExecution('job-1', 'thing-1')));
    const outcome = await app.whenReacting(app.thingTargets, since);
    outcome.thenAppendedMatching([{ streamId: executionStream('job-1', 'thing-1'), type: 'JobExecutionCanceled', data: { actor: OPERATOR } }]);
    assert.equal(app.store.interferencesLeft(), 0);
  });
});

describe('ThingTargetsReaction: deletions', () => {
  it('a deleted thing has its pending executions of every job REMOVED; one queued after it was created again stays', async () => {
    const app = await continuousJob();
    await app.given(createJob('job-2', ['thing-1'])); // SNAPSHOT, by thing ARN
    const { since, outcome } = await afterChange(app, deleteThing('thing-1'));
    outcome.thenAppendedMatching([
      { streamId: executionStream('job-1', 'thing-1'), type: 'JobExecutionRemoved', data: { reason: 'THING_DELETED' } },
      { streamId: executionStream('job-2', 'thing-1'), type: 'JobExecutionRemoved', data: { reason: 'THING_DELETED' } },
    ]);
    app.clock.set(new Date(app.clock.now().getTime() + 60_000));
    await app.given(createThing('thing-1'), createJob('job-3', ['thing-1']));
    (await app.whenReacting(app.thingTargets, since)).thenNothingAppended();
    assert.equal((await app.readModel.findExecution({ jobId: 'job-3', thingName: 'thing-1' }))?.status, 'QUEUED');
  });

  it('a deleted group: things reached only through it are REMOVED, things targeted otherwise stay', async () => {
    const app = await continuousJob([thingGroupArn('fleet-eu'), thingArn('thing-2')]);
    await app.given(addToGroups('thing-2', 'fleet-eu'), moveBetweenGroups('thing-1', ['fleet-eu'], ['fleet']));
    await app.givenReacted(app.thingTargets, 0);
    assert.equal((await app.readModel.findExecution({ jobId: 'job-1', thingName: 'thing-1' }))?.status, 'QUEUED');
    const { since, outcome } = await afterChange(app, deleteGroup('fleet-eu'));
    outcome.thenAppendedMatching([{ streamId: executionStream('job-1', 'thing-1'), type: 'JobExecutionRemoved', data: { reason: 'LEFT_TARGETS' } }]);
    assert.equal((await app.readModel.findExecution({ jobId: 'job-1', thingName: 'thing-2' }))?.status, 'QUEUED');
    (await app.whenReacting(app.thingTargets, since)).thenNothingAppended();
  });
});

describe('A retry follows the thing out of the targets (docs/aws-behaviour.md §15.3)', () => {
  const retryConfig = { criteriaList: [{ failureType: 'FAILED' as const, numberOfRetries: 3 }] };

  /** job-1 CONTINUOUS on `fleet` with retries; thing-1 started it and FAILED (the retry not yet queued). */
  async function failedWithRetries(): Promise<{ app: UseCaseApp; failedAt: number }> {
    const app = await continuousJob([thingGroupArn('fleet')], { jobExecutionsRetryConfig: retryConfig });
    await app.given(startNext('thing-1'));
    const failedAt = app.store.position();
    await app.given(updateExecution('job-1', 'thing-1', 'FAILED'));
    return { app, failedAt };
  }
  const pendingOf = async (app: UseCaseApp, thingName: string) => {
    const pending = (await app.when(new GetPendingJobExecutionsQuery({ thingName }))).thenNothingAppended();
    return [...pending.queued, ...pending.inProgress].map((execution) => execution.executionNumber);
  };

  it('a retry queued before the thing left is REMOVED with it, and no further retry follows', async () => {
    const { app, failedAt } = await failedWithRetries();
    await app.givenReacted(app.progress, failedAt);
    assert.deepEqual(await pendingOf(app, 'thing-1'), [2]);
    const { outcome } = await afterChange(app, removeFromGroups('thing-1', 'fleet'));
    outcome.thenAppendedMatching([
      { streamId: executionStream('job-1', 'thing-1'), type: 'JobExecutionRemoved', data: { executionNumber: 2, previousStatus: 'QUEUED' } },
    ]);
    (await app.whenReacting(app.progress, failedAt)).thenNothingAppended();
    assert.deepEqual(await pendingOf(app, 'thing-1'), []);
  });

  it('a thing that left before the retry was due gets no retry', async () => {
    const { app, failedAt } = await failedWithRetries();
    const { outcome } = await afterChange(app, removeFromGroups('thing-1', 'fleet'));
    outcome.thenNothingAppended(); // nothing was pending: the FAILED attempt is history
    (await app.whenReacting(app.progress, failedAt)).thenNothingAppended();
    assert.deepEqual(await pendingOf(app, 'thing-1'), []);
  });

  it('a thing deleted before the retry was due gets no retry', async () => {
    const { app, failedAt } = await failedWithRetries();
    await afterChange(app, deleteThing('thing-1'));
    (await app.whenReacting(app.progress, failedAt)).thenNothingAppended();
    assert.deepEqual(await pendingOf(app, 'thing-1'), []);
  });

  it('the thing leaves while the retry is being queued: the retry is REMOVED after it, whichever reaction runs first', async () => {
    const { app, failedAt } = await failedWithRetries();
    const leftAt = app.store.position();
    app.store.interfere(() => app.send(removeFromGroups('thing-1', 'fleet')));
    const outcome = await app.whenReacting(app.progress, failedAt);
    assert.equal(app.store.interferencesLeft(), 0);
    assert.deepEqual(
      outcome
        .events()
        .filter((event) => event.streamId === executionStream('job-1', 'thing-1'))
        .map((event) => event.type),
      ['JobExecutionQueued', 'JobExecutionRemoved'],
    );
    (await app.whenReacting(app.thingTargets, leftAt)).thenNothingAppended();
    assert.deepEqual(await pendingOf(app, 'thing-1'), []);
  });

  it('a thing ARN targeted after the thing was deleted (any thing ARN accepted) keeps its retries', async () => {
    const app = new UseCaseApp();
    await app.given(createThing('thing-9'), deleteThing('thing-9'));
    app.clock.set(minutesAfter(T0, 1));
    await app.given(createJob('job-9', ['thing-9'], { jobExecutionsRetryConfig: retryConfig }), startNext('thing-9'));
    const failedAt = app.store.position();
    await app.given(updateExecution('job-9', 'thing-9', 'FAILED'));
    (await app.whenReacting(app.progress, failedAt)).thenAppendedMatching([
      { streamId: executionStream('job-9', 'thing-9'), type: 'JobExecutionQueued', data: { executionNumber: 2, retryAttempt: 1 } },
    ]);
  });

  it('a thing still targeted keeps its retry (through another target too)', async () => {
    const { app, failedAt } = await failedWithRetries();
    await app.given(moveBetweenGroups('thing-1', ['fleet-eu'], ['fleet']));
    (await app.whenReacting(app.progress, failedAt)).thenAppendedMatching([
      { streamId: executionStream('job-1', 'thing-1'), type: 'JobExecutionQueued', data: { executionNumber: 2, retryAttempt: 1 } },
    ]);
  });
});
