import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SERVICE_ACTOR } from '#jobs/application';
import {
  cancelExecution,
  cancelJob,
  createJob,
  deleteExecution,
  executionStream,
  jobStream,
  minutesAfter,
  startNext,
  thingArn,
  updateExecution,
} from './support/messages.js';
import { T0, UseCaseApp } from './support/use-case-app.js';

const T1 = minutesAfter(T0, 20);
const A = executionStream('job-1', 'thing-a');
const retries = (failureType: 'FAILED' | 'TIMED_OUT' | 'ALL', numberOfRetries: number) => ({ criteriaList: [{ failureType, numberOfRetries }] });

/** The reaction's When: it is fed the events committed since `since`, with the clock at T1. */
async function react(app: UseCaseApp, since: number) {
  app.clock.set(T1);
  return app.whenReacting(app.progress, since);
}

describe('JobProgressReaction: retries', () => {
  it('UpdateJobExecution FAILED → queues the retry, as the service, at the clock’s time', async () => {
    const app = new UseCaseApp();
    await app.given(createJob('job-1', ['thing-a', 'thing-b'], { jobExecutionsRetryConfig: retries('FAILED', 1) }), startNext('thing-a'));
    const since = app.store.position();
    await app.given(updateExecution('job-1', 'thing-a', 'FAILED'));
    (await react(app, since)).thenAppended([
      {
        streamId: A,
        type: 'JobExecutionQueued',
        data: {
          jobId: 'job-1',
          thingName: 'thing-a',
          thingArn: thingArn('thing-a'),
          executionNumber: 2,
          versionNumber: 1,
          status: 'QUEUED',
          at: T1.toISOString(),
          actor: SERVICE_ACTOR,
          retryAttempt: 1,
          retryOf: 'FAILED',
        },
      },
    ]);
    // At-least-once delivery: the same batch again changes nothing.
    (await react(app, since)).thenNothingAppended();
  });

  it('retries only while retries are left; the last failure then completes the job', async () => {
    const app = new UseCaseApp();
    await app.given(
      createJob('job-1', ['thing-a'], { jobExecutionsRetryConfig: retries('FAILED', 1) }),
      startNext('thing-a'),
      updateExecution('job-1', 'thing-a', 'FAILED'),
    );
    (await react(app, 0)).thenAppendedMatching([{ streamId: A, type: 'JobExecutionQueued', data: { executionNumber: 2 } }]);
    const since = app.store.position();
    await app.given(startNext('thing-a'), updateExecution('job-1', 'thing-a', 'FAILED'));
    (await react(app, since)).thenAppended([
      {
        streamId: jobStream('job-1'),
        type: 'JobCompleted',
        data: { jobId: 'job-1', status: 'COMPLETED', at: T1.toISOString(), actor: SERVICE_ACTOR },
      },
    ]);
  });

  it('does not retry REJECTED, a failure the config does not name, or a failure of a canceled job', async () => {
    const app = new UseCaseApp();
    await app.given(
      createJob('job-1', ['thing-a', 'thing-b', 'thing-c'], { jobExecutionsRetryConfig: retries('TIMED_OUT', 3) }),
      createJob('job-2', ['thing-d'], { jobExecutionsRetryConfig: retries('ALL', 3) }),
      startNext('thing-a'),
      startNext('thing-b'),
      startNext('thing-c'),
      startNext('thing-d'),
      cancelJob('job-2'),
    );
    const since = app.store.position();
    await app.given(
      updateExecution('job-1', 'thing-a', 'REJECTED'),
      updateExecution('job-1', 'thing-b', 'FAILED'),
      updateExecution('job-2', 'thing-d', 'FAILED'),
    );
    (await react(app, since)).thenNothingAppended();
  });

  it('retries TIMED_OUT under an ALL criterion', async () => {
    const app = new UseCaseApp();
    await app.given(
      createJob('job-1', ['thing-a'], { jobExecutionsRetryConfig: retries('ALL', 2), timeoutConfig: { inProgressTimeoutInMinutes: 5 } }),
      startNext('thing-a'),
    );
    const since = app.store.position();
    app.clock.set(minutesAfter(T0, 6));
    assert.equal(await app.timeouts.sweep(), 1);
    (await react(app, since)).thenAppendedMatching([
      { streamId: A, type: 'JobExecutionQueued', data: { executionNumber: 2, retryOf: 'TIMED_OUT', retryAttempt: 1 } },
    ]);
  });
});

describe('JobProgressReaction: completion of a SNAPSHOT job', () => {
  it('completes the job only once none of its executions is pending', async () => {
    const app = new UseCaseApp();
    await app.given(createJob('job-1', ['thing-a', 'thing-b', 'thing-c']), startNext('thing-a'));
    let since = app.store.position();
    await app.given(updateExecution('job-1', 'thing-a', 'SUCCEEDED'), cancelExecution('job-1', 'thing-b'));
    (await react(app, since)).thenNothingAppended();
    since = app.store.position();
    await app.given(deleteExecution('job-1', 'thing-c', 1));
    (await react(app, since)).thenAppended([
      {
        streamId: jobStream('job-1'),
        type: 'JobCompleted',
        data: { jobId: 'job-1', status: 'COMPLETED', at: T1.toISOString(), actor: SERVICE_ACTOR },
      },
    ]);
    assert.deepEqual((await app.readModel.findJob('job-1'))?.completedAt, T1);
    (await react(app, 0)).thenNothingAppended();
  });

  it('does not complete a job whose failed execution is retried in the same batch', async () => {
    const app = new UseCaseApp();
    await app.given(
      createJob('job-1', ['thing-a'], { jobExecutionsRetryConfig: retries('FAILED', 1) }),
      startNext('thing-a'),
      updateExecution('job-1', 'thing-a', 'FAILED'),
    );
    (await react(app, 0)).thenAppendedMatching([{ streamId: A, type: 'JobExecutionQueued', data: { retryOf: 'FAILED' } }]);
  });

  it('never completes a CONTINUOUS job, nor a canceled one', async () => {
    const app = new UseCaseApp();
    await app.given(
      createJob('job-1', ['thing-a'], { targetSelection: 'CONTINUOUS' }),
      createJob('job-2', ['thing-b']),
      startNext('thing-a'),
      startNext('thing-b'),
      cancelJob('job-2'),
    );
    const since = app.store.position();
    await app.given(updateExecution('job-1', 'thing-a', 'SUCCEEDED'), updateExecution('job-2', 'thing-b', 'SUCCEEDED'));
    (await react(app, since)).thenNothingAppended();
  });
});
