import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cancelJob, createJob, deleteJob, jobStream, minutesAfter, OPERATOR, startNext, updateExecution } from './support/messages.js';
import { T0, UseCaseApp } from './support/use-case-app.js';

const T1 = minutesAfter(T0, 10);

/** A job of two things, one of them IN_PROGRESS; then the clock moves to T1. */
async function jobUnderWay(): Promise<UseCaseApp> {
  const app = new UseCaseApp();
  await app.given(createJob('job-1', ['thing-a', 'thing-b'], { description: 'firmware 2.1' }), startNext('thing-a'));
  app.clock.set(T1);
  return app;
}

describe('CancelJob', () => {
  it('cancels the job only (the executions are the sweep’s), answering with its summary', async () => {
    const app = await jobUnderWay();
    const result = (await app.when(cancelJob('job-1', { reasonCode: 'BAD_BUILD', comment: 'bricks devices' }))).thenAppended([
      {
        streamId: jobStream('job-1'),
        type: 'JobCanceled',
        data: {
          jobId: 'job-1',
          status: 'CANCELED',
          previousStatus: 'IN_PROGRESS',
          at: T1.toISOString(),
          actor: OPERATOR,
          force: false,
          reasonCode: 'BAD_BUILD',
          comment: 'bricks devices',
        },
      },
    ]);
    assert.deepEqual(result, { jobArn: 'arn:aws:iot:eu-west-1:123456789012:job/job-1', jobId: 'job-1', description: 'firmware 2.1' });
  });

  it('a repeated cancel changes nothing, but force may follow a plain cancel', async () => {
    const app = await jobUnderWay();
    await app.given(cancelJob('job-1'));
    (await app.when(cancelJob('job-1'))).thenNothingAppended();
    (await app.when(cancelJob('job-1', { force: true }))).thenAppendedMatching([
      { streamId: jobStream('job-1'), type: 'JobCanceled', data: { previousStatus: 'CANCELED', force: true } },
    ]);
    (await app.when(cancelJob('job-1', { force: true }))).thenNothingAppended();
  });

  it('refuses an unknown job, a completed one and one being deleted', async () => {
    const app = await jobUnderWay();
    (await app.when(cancelJob('no-such-job'))).thenFails('ResourceNotFound');
    await app.given(createJob('job-2', ['thing-c']), startNext('thing-c'), updateExecution('job-2', 'thing-c', 'SUCCEEDED'));
    await app.givenReacted(app.progress, 0);
    assert.equal((await app.readModel.findJob('job-2'))?.status, 'COMPLETED');
    (await app.when(cancelJob('job-2'))).thenFails('InvalidRequest');
    await app.given(deleteJob('job-1', true));
    (await app.when(cancelJob('job-1'))).thenFails('InvalidRequest');
  });
});

describe('DeleteJob', () => {
  it('starts the deletion of a finished job and answers; the executions are the sweep’s', async () => {
    const app = await jobUnderWay();
    await app.given(cancelJob('job-1'));
    (await app.when(deleteJob('job-1'))).thenAppended([
      {
        streamId: jobStream('job-1'),
        type: 'JobDeletionStarted',
        data: { jobId: 'job-1', status: 'DELETION_IN_PROGRESS', previousStatus: 'CANCELED', at: T1.toISOString(), actor: OPERATOR, force: false },
      },
    ]);
  });

  it('deletes a job still IN_PROGRESS only with force', async () => {
    const app = await jobUnderWay();
    (await app.when(deleteJob('job-1'))).thenFails('InvalidStateTransition');
    (await app.when(deleteJob('job-1', true))).thenAppendedMatching([
      { streamId: jobStream('job-1'), type: 'JobDeletionStarted', data: { previousStatus: 'IN_PROGRESS', force: true } },
    ]);
  });

  it('refuses an unknown job and one already being deleted', async () => {
    const app = await jobUnderWay();
    (await app.when(deleteJob('no-such-job', true))).thenFails('ResourceNotFound');
    await app.given(deleteJob('job-1', true));
    (await app.when(deleteJob('job-1', true))).thenFails('InvalidStateTransition');
  });

  it('refuses an eleventh deletion in progress with LimitExceeded', async () => {
    const app = new UseCaseApp();
    for (let n = 1; n <= 10; n++) await app.given(createJob(`job-${n}`, ['thing-a']), deleteJob(`job-${n}`, true));
    await app.given(createJob('job-11', ['thing-a']));
    (await app.when(deleteJob('job-11', true))).thenFails('LimitExceeded');
    // Once the deletions in progress finish, there is room again.
    await app.givenReacted(app.jobWideWork, 0);
    (await app.when(deleteJob('job-11', true))).thenAppendedMatching([
      { streamId: jobStream('job-11'), type: 'JobDeletionStarted', data: { force: true } },
    ]);
  });
});
