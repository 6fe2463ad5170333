import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jobStreamId } from '#jobs/domain';
import {
  cancelExecution,
  cancelJob,
  createJob,
  deleteExecution,
  deleteJob,
  DEVICE,
  executionStream,
  jobStream,
  OPERATOR,
  startNext,
  updateExecution,
} from './support/messages.js';
import { UseCaseApp } from './support/use-case-app.js';

/**
 * Another writer commits between a handler's read and its append (`store.interfere`): the handler
 * must decide again on the new state, unless its caller pinned a version, and give up with
 * 'Conflict' when the race is lost again and again.
 */

const A = executionStream('job-1', 'thing-a');

/** job-1 queued for thing-a, stored as events: the handler under test starts with nothing in memory. */
async function storedJob(): Promise<UseCaseApp> {
  const setup = new UseCaseApp();
  await setup.given(createJob('job-1', ['thing-a']));
  return new UseCaseApp(setup.store, setup.clock);
}

describe('A concurrent write between load and append', () => {
  it('makes CancelJobExecution decide again: the device started it meanwhile, so it now needs force', async () => {
    const app = await storedJob();
    app.store.interfere(() => app.elsewhere().send(startNext('thing-a')));
    const outcome = await app.when(cancelExecution('job-1', 'thing-a'));
    outcome.thenFailsAfterOthersWrote('InvalidStateTransition');
    assert.deepEqual(
      outcome.events().map((event) => event.type),
      ['JobExecutionStarted'],
    );
  });

  it('makes UpdateJobExecution decide again: the outcome builds on the concurrent progress report', async () => {
    const app = await storedJob();
    await app.given(startNext('thing-a'));
    app.store.interfere(() => app.elsewhere().send(updateExecution('job-1', 'thing-a', 'IN_PROGRESS', { statusDetails: { percent: '90' } })));
    (await app.when(updateExecution('job-1', 'thing-a', 'SUCCEEDED'))).thenAppendedMatching([
      { streamId: A, type: 'JobExecutionUpdated', data: { versionNumber: 3 } },
      { streamId: A, type: 'JobExecutionSucceeded', data: { versionNumber: 4, previousStatus: 'IN_PROGRESS', statusDetails: { percent: '90' } } },
    ]);
  });

  for (const instance of ['reads the streams', 'kept the streams’ states'] as const) {
    it(`makes StartNextPendingJobExecution pick again when its pick was canceled meanwhile (an instance that ${instance})`, async () => {
      const app = instance === 'reads the streams' ? await storedJob() : new UseCaseApp();
      if (instance === 'kept the streams’ states') await app.given(createJob('job-1', ['thing-a']));
      await app.given(createJob('job-2', ['thing-a']));
      app.store.interfere(() => app.elsewhere().send(cancelExecution('job-1', 'thing-a')));
      const { execution } = (await app.when(startNext('thing-a'))).thenAppendedMatching([
        { streamId: A, type: 'JobExecutionCanceled', data: { actor: OPERATOR } },
        { streamId: executionStream('job-2', 'thing-a'), type: 'JobExecutionStarted', data: { actor: DEVICE } },
      ]);
      assert.equal(execution?.jobId, 'job-2');
    });
  }

  it('makes CancelJob decide again: the job is being deleted meanwhile, so it is refused', async () => {
    const app = await storedJob();
    app.store.interfere(() => app.elsewhere().send(deleteJob('job-1', true)));
    const outcome = await app.when(cancelJob('job-1'));
    outcome.thenFailsAfterOthersWrote('InvalidRequest');
    assert.deepEqual(
      outcome.events().map((event) => event.type),
      ['JobDeletionStarted'],
    );
  });

  it('gives the fresh answer when this instance’s kept state of the stream is stale', async () => {
    const app = new UseCaseApp();
    await app.given(createJob('job-1', ['thing-a'])); // keeps the QUEUED state it wrote
    await app.elsewhere().send(startNext('thing-a'));
    (await app.when(cancelExecution('job-1', 'thing-a'))).thenFails('InvalidStateTransition');
  });
});

describe('A pinned expectedVersion', () => {
  it('surfaces the lost race as VersionConflict instead of deciding again', async () => {
    const app = await storedJob();
    app.store.interfere(() => app.elsewhere().send(startNext('thing-a')));
    const outcome = await app.when(cancelExecution('job-1', 'thing-a', { expectedVersion: 1, force: true }));
    outcome.thenFailsAfterOthersWrote('VersionConflict');
    assert.deepEqual(
      outcome.events().map((event) => event.type),
      ['JobExecutionStarted'],
    );
  });

  it('surfaces it even when the concurrent write left the execution’s own version as it was', async () => {
    const setup = new UseCaseApp();
    const retryOnce = { criteriaList: [{ failureType: 'FAILED' as const, numberOfRetries: 1 }] };
    await setup.given(
      createJob('job-1', ['thing-a'], { jobExecutionsRetryConfig: retryOnce }),
      startNext('thing-a'),
      updateExecution('job-1', 'thing-a', 'FAILED'),
    );
    await setup.givenReacted(setup.progress, 0); // execution #2 QUEUED at version 1
    // An instance that reads the stream (one that kept the stream's state decides again on a
    // conflict of its kept state, whether pinned or not: the decider then checks the version).
    const app = new UseCaseApp(setup.store, setup.clock);
    // Deleting the earlier attempt moves the stream, not execution #2: deciding again would pass.
    app.store.interfere(() => app.elsewhere().send(deleteExecution('job-1', 'thing-a', 1)));
    const outcome = await app.when(cancelExecution('job-1', 'thing-a', { expectedVersion: 1 }));
    outcome.thenFailsAfterOthersWrote('VersionConflict');
    assert.deepEqual(
      outcome.events().map((event) => event.type),
      ['JobExecutionDeleted'],
    );
  });
});

describe('Races lost beyond the retry budget', () => {
  it('end an execution command with the Conflict domain error, having appended nothing of its own', async () => {
    const app = await storedJob();
    await app.given(startNext('thing-a'));
    const device = app.elsewhere();
    let reports = 0;
    app.store.interfere(
      () => device.send(updateExecution('job-1', 'thing-a', 'IN_PROGRESS', { statusDetails: { report: String(++reports) } })),
      Infinity,
    );
    const outcome = await app.when(cancelExecution('job-1', 'thing-a', { force: true }));
    outcome.thenFailsAfterOthersWrote('Conflict');
    assert.ok(reports > 1, 'it retried');
    assert.deepEqual(new Set(outcome.events().map((event) => event.type)), new Set(['JobExecutionUpdated']));
    assert.equal(outcome.events().length, reports);
  });

  it('end a job command with the Conflict domain error, having appended nothing of its own', async () => {
    const app = await storedJob();
    let writes = 0;
    const otherWrite = () => {
      writes += 1;
      const event = {
        type: 'JobCanceled',
        data: { jobId: 'job-1', status: 'CANCELED', previousStatus: 'IN_PROGRESS', at: app.clock.now().toISOString(), actor: 'other', force: false },
      };
      return app.givenEvents(jobStreamId('job-1'), [event]);
    };
    app.store.interfere(otherWrite, Infinity);
    const outcome = await app.when(deleteJob('job-1', true));
    outcome.thenFailsAfterOthersWrote('Conflict');
    assert.ok(writes > 1, 'it retried');
    assert.deepEqual(
      outcome.events().map((event) => `${event.streamId} ${event.type}`),
      Array(writes).fill(`${jobStream('job-1')} JobCanceled`),
    );
  });
});
