import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cancelExecution,
  createJob,
  deleteExecution,
  executionStream,
  minutesAfter,
  OPERATOR,
  startNext,
  updateExecution,
} from './support/messages.js';
import { T0, UseCaseApp } from './support/use-case-app.js';

const T1 = minutesAfter(T0, 3);
const A = executionStream('job-1', 'thing-a');

/** job-1 on thing-a (QUEUED) and thing-b (IN_PROGRESS, with details); then the clock moves to T1. */
async function givenJob(): Promise<UseCaseApp> {
  const app = new UseCaseApp();
  await app.given(createJob('job-1', ['thing-a', 'thing-b']), startNext('thing-b', { statusDetails: { step: 'download' } }));
  app.clock.set(T1);
  return app;
}

describe('CancelJobExecution', () => {
  it('cancels a QUEUED execution, replacing its details when given some', async () => {
    const app = await givenJob();
    (await app.when(cancelExecution('job-1', 'thing-a', { statusDetails: { why: 'operator' } }))).thenAppended([
      {
        streamId: A,
        type: 'JobExecutionCanceled',
        data: {
          jobId: 'job-1',
          thingName: 'thing-a',
          executionNumber: 1,
          versionNumber: 2,
          status: 'CANCELED',
          at: T1.toISOString(),
          actor: OPERATOR,
          previousStatus: 'QUEUED',
          force: false,
          forceCanceled: false,
          statusDetails: { why: 'operator' },
          origin: 'CancelJobExecution',
        },
      },
    ]);
  });

  it('cancels an IN_PROGRESS execution only with force, keeping its details', async () => {
    const app = await givenJob();
    (await app.when(cancelExecution('job-1', 'thing-b'))).thenFails('InvalidStateTransition');
    (await app.when(cancelExecution('job-1', 'thing-b', { force: true }))).thenAppendedMatching([
      {
        streamId: executionStream('job-1', 'thing-b'),
        type: 'JobExecutionCanceled',
        data: { previousStatus: 'IN_PROGRESS', forceCanceled: true, statusDetails: { step: 'download' }, versionNumber: 3 },
      },
    ]);
  });

  it('checks expectedVersion before the status: a stale caller hears VersionConflict', async () => {
    const app = await givenJob();
    (await app.when(cancelExecution('job-1', 'thing-a', { expectedVersion: 2 }))).thenFails('VersionConflict');
    (await app.when(cancelExecution('job-1', 'thing-a', { expectedVersion: 1 }))).thenAppendedMatching([
      { streamId: A, type: 'JobExecutionCanceled', data: { versionNumber: 2 } },
    ]);
    (await app.when(cancelExecution('job-1', 'thing-a', { expectedVersion: 1 }))).thenFails('VersionConflict');
  });

  it('refuses an ended execution and a thing without one', async () => {
    const app = await givenJob();
    await app.given(updateExecution('job-1', 'thing-b', 'SUCCEEDED'));
    (await app.when(cancelExecution('job-1', 'thing-b', { force: true }))).thenFails('InvalidStateTransition');
    (await app.when(cancelExecution('job-1', 'thing-z'))).thenFails('ResourceNotFound');
  });
});

describe('DeleteJobExecution', () => {
  it('deletes a QUEUED or ended execution, recording the status and version it had', async () => {
    const app = await givenJob();
    (await app.when(deleteExecution('job-1', 'thing-a', 1))).thenAppended([
      {
        streamId: A,
        type: 'JobExecutionDeleted',
        data: {
          jobId: 'job-1',
          thingName: 'thing-a',
          executionNumber: 1,
          versionNumber: 1,
          status: 'QUEUED',
          at: T1.toISOString(),
          actor: OPERATOR,
          force: false,
        },
      },
    ]);
    assert.equal(await app.readModel.findExecution({ jobId: 'job-1', thingName: 'thing-a' }), undefined);
    await app.given(updateExecution('job-1', 'thing-b', 'FAILED'));
    (await app.when(deleteExecution('job-1', 'thing-b', 1))).thenAppendedMatching([
      { streamId: executionStream('job-1', 'thing-b'), type: 'JobExecutionDeleted', data: { status: 'FAILED', versionNumber: 3 } },
    ]);
  });

  it('deletes an IN_PROGRESS execution only with force', async () => {
    const app = await givenJob();
    (await app.when(deleteExecution('job-1', 'thing-b', 1))).thenFails('InvalidStateTransition');
    (await app.when(deleteExecution('job-1', 'thing-b', 1, true))).thenAppendedMatching([
      { streamId: executionStream('job-1', 'thing-b'), type: 'JobExecutionDeleted', data: { status: 'IN_PROGRESS', force: true } },
    ]);
  });

  it('refuses an execution number that does not exist (any more)', async () => {
    const app = await givenJob();
    (await app.when(deleteExecution('job-1', 'thing-a', 2))).thenFails('ResourceNotFound');
    await app.given(deleteExecution('job-1', 'thing-a', 1));
    (await app.when(deleteExecution('job-1', 'thing-a', 1))).thenFails('ResourceNotFound');
  });

  it('deletes an earlier attempt and leaves the retry that followed it', async () => {
    const app = new UseCaseApp();
    const retryOnce = { criteriaList: [{ failureType: 'FAILED' as const, numberOfRetries: 1 }] };
    await app.given(createJob('job-1', ['thing-a'], { jobExecutionsRetryConfig: retryOnce }), startNext('thing-a'));
    const failedAt = app.store.position();
    await app.given(updateExecution('job-1', 'thing-a', 'FAILED'));
    await app.givenReacted(app.progress, failedAt);
    (await app.when(deleteExecution('job-1', 'thing-a', 1))).thenAppendedMatching([
      { streamId: A, type: 'JobExecutionDeleted', data: { executionNumber: 1, status: 'FAILED' } },
    ]);
    const left = await app.readModel.findExecution({ jobId: 'job-1', thingName: 'thing-a' });
    assert.deepEqual([left?.executionNumber, left?.status], [2, 'QUEUED']);
  });
});
