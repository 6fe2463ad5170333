import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DescribeJobExecutionQuery,
  DescribeNextPendingJobExecutionQuery,
  GetPendingJobExecutionsQuery,
  ListJobExecutionsForJobQuery,
  ListJobExecutionsForThingQuery,
  type JobExecutionView,
} from '#jobs/application';
import { createJob, DOCUMENT, minutesAfter, startNext, thingArn, updateExecution } from './support/messages.js';
import { T0, UseCaseApp } from './support/use-case-app.js';

const retryOnce = { criteriaList: [{ failureType: 'FAILED' as const, numberOfRetries: 1 }] };
const keys = (views: readonly JobExecutionView[]) => views.map((view) => `${view.jobId}/${view.thingName}#${view.executionNumber} ${view.status}`);

/**
 * thing-a has job-1 (failed once, retried: #2 QUEUED), job-2 IN_PROGRESS and job-3 QUEUED;
 * thing-b has job-1 SUCCEEDED. Each job is created a minute after the previous one.
 */
async function fleet(): Promise<UseCaseApp> {
  const app = new UseCaseApp();
  await app.given(createJob('job-1', ['thing-a', 'thing-b'], { jobExecutionsRetryConfig: retryOnce }));
  app.clock.set(minutesAfter(T0, 1));
  await app.given(createJob('job-2', ['thing-a'], { document: '{"job":2}' }));
  app.clock.set(minutesAfter(T0, 2));
  await app.given(createJob('job-3', ['thing-a']), startNext('thing-a'), startNext('thing-b'), updateExecution('job-1', 'thing-b', 'SUCCEEDED'));
  const failedAt = app.store.position();
  await app.given(updateExecution('job-1', 'thing-a', 'FAILED'));
  await app.givenReacted(app.progress, failedAt); // queues job-1's retry on thing-a
  await app.given(startNext('thing-a'));
  return app;
}

describe('DescribeJobExecution', () => {
  const describeExecution = (jobId: string, thingName: string, input: Partial<DescribeJobExecutionQuery['input']> = {}) =>
    new DescribeJobExecutionQuery({ jobId, thingName, includeJobDocument: false, ...input });

  it('describes the latest execution, or the numbered one, with the document when asked', async () => {
    const app = await fleet();
    const latest = (await app.when(describeExecution('job-1', 'thing-a', { includeJobDocument: true }))).thenNothingAppended();
    assert.deepEqual(latest, {
      jobId: 'job-1',
      thingName: 'thing-a',
      thingArn: thingArn('thing-a'),
      executionNumber: 2,
      status: 'QUEUED',
      forceCanceled: false,
      statusDetails: {},
      versionNumber: 1,
      retryAttempt: 1,
      queuedAt: minutesAfter(T0, 2),
      lastUpdatedAt: minutesAfter(T0, 2),
      jobDocument: DOCUMENT,
    });
    const first = (await app.when(describeExecution('job-1', 'thing-a', { executionNumber: 1 }))).result;
    assert.deepEqual([first.status, first.versionNumber, 'jobDocument' in first], ['FAILED', 3, false]);
  });

  it('answers ResourceNotFound for an unknown execution number, job or thing', async () => {
    const app = await fleet();
    (await app.when(describeExecution('job-1', 'thing-a', { executionNumber: 3 }))).thenFails('ResourceNotFound');
    (await app.when(describeExecution('job-9', 'thing-a'))).thenFails('ResourceNotFound');
    (await app.when(describeExecution('job-1', 'thing-z'))).thenFails('ResourceNotFound');
  });
});

describe('DescribeNextPendingJobExecution ($next)', () => {
  const next = (thingName: string, includeJobDocument = false) => new DescribeNextPendingJobExecutionQuery({ thingName, includeJobDocument });

  it('peeks at what StartNext would act on: the IN_PROGRESS one first, else the oldest QUEUED', async () => {
    const app = await fleet();
    const inProgress = (await app.when(next('thing-a', true))).thenNothingAppended();
    assert.deepEqual([inProgress?.jobId, inProgress?.status, inProgress?.jobDocument], ['job-2', 'IN_PROGRESS', '{"job":2}']);
    await app.given(updateExecution('job-2', 'thing-a', 'SUCCEEDED'));
    const queued = (await app.when(next('thing-a'))).result;
    assert.deepEqual([queued?.jobId, queued?.status, queued?.jobDocument], ['job-3', 'QUEUED', undefined]);
  });

  it('answers nothing for a thing with nothing pending', async () => {
    const app = await fleet();
    assert.equal((await app.when(next('thing-b'))).thenNothingAppended(), undefined);
  });
});

describe('GetPendingJobExecutions', () => {
  it('splits a thing’s pending executions into IN_PROGRESS and QUEUED, in queueing order', async () => {
    const app = await fleet();
    const pending = (await app.when(new GetPendingJobExecutionsQuery({ thingName: 'thing-a' }))).thenNothingAppended();
    assert.deepEqual(keys(pending.inProgress), ['job-2/thing-a#1 IN_PROGRESS']);
    assert.deepEqual(keys(pending.queued), ['job-3/thing-a#1 QUEUED', 'job-1/thing-a#2 QUEUED']);
  });

  it('returns at most 10 QUEUED executions, the oldest', async () => {
    const app = new UseCaseApp();
    for (let n = 1; n <= 12; n++) await app.given(createJob(`job-${n}`, ['thing-a']));
    const { queued, inProgress } = (await app.when(new GetPendingJobExecutionsQuery({ thingName: 'thing-a' }))).result;
    assert.deepEqual(
      queued.map((view) => view.jobId),
      Array.from({ length: 10 }, (_, i) => `job-${i + 1}`),
    );
    assert.deepEqual(inProgress, []);
  });
});

describe('ListJobExecutionsForJob', () => {
  const forJob = (input: Partial<ListJobExecutionsForJobQuery['input']> = {}) =>
    new ListJobExecutionsForJobQuery({ jobId: 'job-1', maxResults: 50, ...input });

  it('lists each thing’s latest execution of the job, filtered by status, page by page', async () => {
    const app = await fleet();
    assert.deepEqual(keys((await app.when(forJob())).thenNothingAppended().items), ['job-1/thing-b#1 SUCCEEDED', 'job-1/thing-a#2 QUEUED']);
    assert.deepEqual(keys((await app.when(forJob({ status: 'QUEUED' }))).result.items), ['job-1/thing-a#2 QUEUED']);
    assert.deepEqual((await app.when(forJob({ status: 'FAILED' }))).result.items, []);
    const first = (await app.when(forJob({ maxResults: 1 }))).result;
    const second = (await app.when(forJob({ maxResults: 1, cursor: first.nextCursor }))).result;
    assert.deepEqual(
      [keys(first.items), keys(second.items), second.nextCursor],
      [['job-1/thing-b#1 SUCCEEDED'], ['job-1/thing-a#2 QUEUED'], undefined],
    );
  });

  it('answers ResourceNotFound for an unknown job', async () => {
    (await new UseCaseApp().when(forJob({ jobId: 'no-such-job' }))).thenFails('ResourceNotFound');
  });
});

describe('ListJobExecutionsForThing', () => {
  const forThing = (input: Partial<ListJobExecutionsForThingQuery['input']> = {}) =>
    new ListJobExecutionsForThingQuery({ thingName: 'thing-a', maxResults: 50, ...input });

  it('lists the thing’s latest execution of each job, or every attempt of one job, filtered by status', async () => {
    const app = await fleet();
    assert.deepEqual(keys((await app.when(forThing())).thenNothingAppended().items), [
      'job-2/thing-a#1 IN_PROGRESS',
      'job-3/thing-a#1 QUEUED',
      'job-1/thing-a#2 QUEUED',
    ]);
    assert.deepEqual(keys((await app.when(forThing({ jobId: 'job-1' }))).result.items), ['job-1/thing-a#1 FAILED', 'job-1/thing-a#2 QUEUED']);
    assert.deepEqual(keys((await app.when(forThing({ status: 'QUEUED' }))).result.items), ['job-3/thing-a#1 QUEUED', 'job-1/thing-a#2 QUEUED']);
    const first = (await app.when(forThing({ maxResults: 2 }))).result;
    assert.deepEqual(keys((await app.when(forThing({ maxResults: 2, cursor: first.nextCursor }))).result.items), ['job-1/thing-a#2 QUEUED']);
  });

  it('answers an empty page for a thing without executions (things have no registry here)', async () => {
    assert.deepEqual((await new UseCaseApp().when(forThing({ thingName: 'unknown-thing' }))).result, { items: [] });
  });
});
