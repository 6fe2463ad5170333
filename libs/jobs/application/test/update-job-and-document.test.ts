import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GetJobDocumentQuery, UpdateJobCommand } from '#jobs/application';
import { cancelJob, createJob, jobStream, minutesAfter, OPERATOR, startNext, updateExecution } from './support/messages.js';
import { T0, UseCaseApp } from './support/use-case-app.js';

const T1 = minutesAfter(T0, 10);
/** A document with a presigned-URL placeholder, which is answered as stored (not replaced). */
const PLACEHOLDER_DOCUMENT = JSON.stringify({ url: ['$', '{aws:iot:s3-presigned-url:https://bucket.s3.amazonaws.com/key}'].join('') });
const abortAt50 = {
  criteriaList: [{ failureType: 'FAILED' as const, action: 'CANCEL' as const, thresholdPercentage: 50, minNumberOfExecutedThings: 2 }],
};

const updateJob = (jobId: string, input: Partial<UpdateJobCommand['input']> = {}) => new UpdateJobCommand({ jobId, actor: OPERATOR, ...input });

async function jobInProgress(): Promise<UseCaseApp> {
  const app = new UseCaseApp();
  await app.given(createJob('job-1', ['thing-a', 'thing-b'], { description: 'v1' }));
  app.clock.set(T1);
  return app;
}

describe('UpdateJob', () => {
  it('records the members given, at the clock’s time, and the job shows them', async () => {
    const app = await jobInProgress();
    (
      await app.when(updateJob('job-1', { description: 'v2', abortConfig: abortAt50, timeoutConfig: { inProgressTimeoutInMinutes: 30 } }))
    ).thenAppended([
      {
        streamId: jobStream('job-1'),
        type: 'JobUpdated',
        data: {
          jobId: 'job-1',
          status: 'IN_PROGRESS',
          at: T1.toISOString(),
          actor: OPERATOR,
          description: 'v2',
          timeoutConfig: { inProgressTimeoutInMinutes: 30 },
          abortConfig: abortAt50,
        },
      },
    ]);
    const job = await app.readModel.findJob('job-1');
    assert.equal(job?.description, 'v2');
    assert.deepEqual(job?.abortConfig, abortAt50);
    assert.equal(job?.lastUpdatedAt.toISOString(), T1.toISOString());
  });

  it('members left out stay as they are', async () => {
    const app = await jobInProgress();
    await app.given(updateJob('job-1', { abortConfig: abortAt50 }));
    (await app.when(updateJob('job-1', { description: 'v2' }))).thenAppendedMatching([
      { streamId: jobStream('job-1'), type: 'JobUpdated', data: { description: 'v2', abortConfig: undefined } },
    ]);
    assert.deepEqual((await app.readModel.findJob('job-1'))?.abortConfig, abortAt50);
  });

  it('retries may only be turned off (numberOfRetries 0)', async () => {
    const app = await jobInProgress();
    (await app.when(updateJob('job-1', { jobExecutionsRetryConfig: { criteriaList: [{ failureType: 'FAILED', numberOfRetries: 2 }] } }))).thenFails(
      'InvalidRequest',
    );
    (
      await app.when(updateJob('job-1', { jobExecutionsRetryConfig: { criteriaList: [{ failureType: 'FAILED', numberOfRetries: 0 }] } }))
    ).thenAppendedMatching([
      {
        streamId: jobStream('job-1'),
        type: 'JobUpdated',
        data: { jobExecutionsRetryConfig: { criteriaList: [{ failureType: 'FAILED', numberOfRetries: 0 }] } },
      },
    ]);
  });

  it('refuses an unknown job, a canceled one and a completed one', async () => {
    const app = await jobInProgress();
    (await app.when(updateJob('no-such-job', { description: 'x' }))).thenFails('ResourceNotFound');
    await app.given(createJob('job-2', ['thing-c']), startNext('thing-c'), updateExecution('job-2', 'thing-c', 'SUCCEEDED'));
    await app.givenReacted(app.progress, 0);
    assert.equal((await app.readModel.findJob('job-2'))?.status, 'COMPLETED');
    (await app.when(updateJob('job-2', { description: 'x' }))).thenFails('InvalidRequest');
    await app.given(cancelJob('job-1'));
    (await app.when(updateJob('job-1', { description: 'x' }))).thenFails('InvalidRequest');
  });

  it('lost race: a cancel committed between its read and its write makes it read again and refuse', async () => {
    const app = await jobInProgress();
    app.store.interfere(() => app.send(cancelJob('job-1')));
    const outcome = await app.when(updateJob('job-1', { description: 'v2' }));
    outcome.thenFailsAfterOthersWrote('InvalidRequest');
    assert.deepEqual(
      outcome.events().map((event) => event.type),
      ['JobCanceled'],
    );
    assert.equal(app.store.interferencesLeft(), 0);
  });

  it('lost race: another update committed first; both apply, the later one last', async () => {
    const app = await jobInProgress();
    app.store.interfere(() => app.send(updateJob('job-1', { description: 'theirs', abortConfig: abortAt50 })));
    const outcome = await app.when(updateJob('job-1', { description: 'ours' }));
    assert.deepEqual(
      outcome.events().map((event) => [event.type, (event.data as { description?: string }).description]),
      [
        ['JobUpdated', 'theirs'],
        ['JobUpdated', 'ours'],
      ],
    );
    const job = await app.readModel.findJob('job-1');
    assert.equal(job?.description, 'ours');
    assert.deepEqual(job?.abortConfig, abortAt50);
  });
});

describe('GetJobDocument', () => {
  it('answers the document as stored', async () => {
    const app = new UseCaseApp();
    await app.given(createJob('job-1', ['thing-a'], { document: PLACEHOLDER_DOCUMENT }));
    const outcome = await app.when(new GetJobDocumentQuery({ jobId: 'job-1' }));
    assert.deepEqual(outcome.thenNothingAppended(), { document: PLACEHOLDER_DOCUMENT });
  });

  it('a job given by documentSource has no document to answer', async () => {
    const app = new UseCaseApp();
    await app.given(createJob('job-1', ['thing-a'], { document: undefined, documentSource: 'https://bucket.s3.amazonaws.com/doc.json' }));
    assert.deepEqual((await app.when(new GetJobDocumentQuery({ jobId: 'job-1' }))).thenNothingAppended(), {});
  });

  it('an unknown job is ResourceNotFound', async () => {
    const app = new UseCaseApp();
    (await app.when(new GetJobDocumentQuery({ jobId: 'no-such-job' }))).thenFails('ResourceNotFound');
  });
});
