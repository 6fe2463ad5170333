import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SERVICE_ACTOR, UpdateJobCommand } from '#jobs/application';
import type { AbortConfig } from '#jobs/domain';
import { cancelJob, createJob, jobStream, minutesAfter, OPERATOR, startNext, updateExecution } from './support/messages.js';
import { T0, UseCaseApp } from './support/use-case-app.js';

const T1 = minutesAfter(T0, 5);
const HALF_FAILED: AbortConfig = {
  criteriaList: [{ failureType: 'FAILED', action: 'CANCEL', thresholdPercentage: 50, minNumberOfExecutedThings: 2 }],
};

/** job-1 on three things, two of them started: thing-a and thing-b may end, thing-c stays QUEUED. */
async function jobWithTwoStarted(abortConfig?: AbortConfig): Promise<UseCaseApp> {
  const app = new UseCaseApp();
  await app.given(
    createJob('job-1', ['thing-a', 'thing-b', 'thing-c'], abortConfig ? { abortConfig } : {}),
    startNext('thing-a'),
    startNext('thing-b'),
  );
  return app;
}

async function react(app: UseCaseApp, since: number) {
  app.clock.set(T1);
  return app.whenReacting(app.abort, since);
}

describe('JobAbortReaction', () => {
  it('a criterion reached by the ended executions aborts the job, as the service, with the numbers', async () => {
    const app = await jobWithTwoStarted(HALF_FAILED);
    const since = app.store.position();
    await app.given(updateExecution('job-1', 'thing-a', 'FAILED'), updateExecution('job-1', 'thing-b', 'SUCCEEDED'));
    (await react(app, since)).thenAppendedMatching([
      {
        streamId: jobStream('job-1'),
        type: 'JobAborted',
        data: {
          status: 'CANCELED',
          previousStatus: 'IN_PROGRESS',
          force: false,
          reasonCode: 'JOB_ABORTED',
          at: T1.toISOString(),
          actor: SERVICE_ACTOR,
          abortedBy: {
            failureType: 'FAILED',
            thresholdPercentage: 50,
            minNumberOfExecutedThings: 2,
            criterionIndex: 0,
            failures: 1,
            completed: 2,
            failurePercentage: 50,
          },
        },
      },
    ]);
    const job = await app.readModel.findJob('job-1');
    assert.equal(job?.status, 'CANCELED');
    assert.equal(job?.reasonCode, 'JOB_ABORTED');
    // At-least-once delivery: the same batch again changes nothing.
    (await react(app, since)).thenNothingAppended();
  });

  it('below the minimum of executed things, or below the threshold, nothing happens', async () => {
    const app = await jobWithTwoStarted(HALF_FAILED);
    let since = app.store.position();
    await app.given(updateExecution('job-1', 'thing-a', 'FAILED'));
    (await react(app, since)).thenNothingAppended(); // 1 of 1 failed, but 2 must have ended
    const other = await jobWithTwoStarted({ criteriaList: [{ ...HALF_FAILED.criteriaList[0]!, thresholdPercentage: 60 }] });
    since = other.store.position();
    await other.given(updateExecution('job-1', 'thing-a', 'FAILED'), updateExecution('job-1', 'thing-b', 'SUCCEEDED'));
    (await react(other, since)).thenNothingAppended(); // 50 % < 60 %
  });

  it('failures of another type do not count towards a FAILED criterion', async () => {
    const app = await jobWithTwoStarted(HALF_FAILED);
    const since = app.store.position();
    await app.given(updateExecution('job-1', 'thing-a', 'REJECTED'), updateExecution('job-1', 'thing-b', 'REJECTED'));
    (await react(app, since)).thenNothingAppended();
  });

  it('an UpdateJob that sets criteria already met aborts the job', async () => {
    const app = await jobWithTwoStarted();
    await app.given(updateExecution('job-1', 'thing-a', 'FAILED'), updateExecution('job-1', 'thing-b', 'FAILED'));
    const since = app.store.position();
    await app.given(new UpdateJobCommand({ jobId: 'job-1', abortConfig: HALF_FAILED, actor: OPERATOR }));
    (await react(app, since)).thenAppendedMatching([
      {
        streamId: jobStream('job-1'),
        type: 'JobAborted',
        data: {
          abortedBy: {
            failureType: 'FAILED',
            thresholdPercentage: 50,
            minNumberOfExecutedThings: 2,
            criterionIndex: 0,
            failures: 2,
            completed: 2,
            failurePercentage: 100,
          },
        },
      },
    ]);
  });

  it('lost race: a cancel committed first leaves the abort nothing to do', async () => {
    const app = await jobWithTwoStarted(HALF_FAILED);
    const since = app.store.position();
    await app.given(updateExecution('job-1', 'thing-a', 'FAILED'), updateExecution('job-1', 'thing-b', 'FAILED'));
    app.store.interfere(() => app.send(cancelJob('job-1', { reasonCode: 'BY_HAND' })));
    const outcome = await react(app, since);
    outcome.thenAppendedMatching([{ streamId: jobStream('job-1'), type: 'JobCanceled', data: { actor: OPERATOR } }]);
    assert.equal((await app.readModel.findJob('job-1'))?.reasonCode, 'BY_HAND');
    assert.equal(app.store.interferencesLeft(), 0);
  });
});
