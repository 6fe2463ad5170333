import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  encodeJobExecutionState,
  foldEvents,
  jobExecutionDecider,
  JOB_EXECUTION_SNAPSHOT_SCHEMA_VERSION,
  type JobExecutionEvent,
} from '#jobs/domain';
import { createJob, DEVICE, DOCUMENT, executionStream, minutesAfter, startNext, thingArn, updateExecution } from './support/messages.js';
import { T0, UseCaseApp } from './support/use-case-app.js';

const T1 = minutesAfter(T0, 7);
const A1 = executionStream('job-1', 'thing-a');

/** job-1 then job-2 queued for thing-a (job-2 a minute later); then the clock moves to T1. */
async function twoJobsQueued(): Promise<UseCaseApp> {
  const app = new UseCaseApp();
  await app.given(createJob('job-1', ['thing-a'], { timeoutConfig: { inProgressTimeoutInMinutes: 10 } }));
  app.clock.set(minutesAfter(T0, 1));
  await app.given(createJob('job-2', ['thing-a'], { document: '{"operation":"other"}' }));
  app.clock.set(T1);
  return app;
}

describe('StartNextPendingJobExecution', () => {
  it('starts the oldest QUEUED execution with the device’s details and timers, and returns it with its document', async () => {
    const app = await twoJobsQueued();
    const outcome = await app.when(startNext('thing-a', { statusDetails: { step: 'download' }, stepTimeoutInMinutes: 5 }));
    const { execution } = outcome.thenAppended([
      {
        streamId: A1,
        type: 'JobExecutionStarted',
        data: {
          jobId: 'job-1',
          thingName: 'thing-a',
          executionNumber: 1,
          versionNumber: 2,
          status: 'IN_PROGRESS',
          at: T1.toISOString(),
          actor: DEVICE,
          previousStatus: 'QUEUED',
          startedBy: 'StartNextPendingJobExecution',
          statusDetails: { step: 'download' },
          stepTimeoutInMinutes: 5,
          inProgressTimeoutAt: minutesAfter(T1, 10).toISOString(),
          stepTimeoutAt: minutesAfter(T1, 5).toISOString(),
          timeoutAt: minutesAfter(T1, 5).toISOString(),
        },
      },
    ]);
    assert.deepEqual(execution, {
      jobId: 'job-1',
      thingName: 'thing-a',
      thingArn: thingArn('thing-a'),
      executionNumber: 1,
      status: 'IN_PROGRESS',
      forceCanceled: false,
      statusDetails: { step: 'download' },
      versionNumber: 2,
      retryAttempt: 0,
      queuedAt: T0,
      startedAt: T1,
      lastUpdatedAt: T1,
      timeoutAt: minutesAfter(T1, 5),
      jobDocument: DOCUMENT,
    });
  });

  it('returns an IN_PROGRESS execution as it is, changing nothing', async () => {
    const app = await twoJobsQueued();
    await app.given(startNext('thing-a', { statusDetails: { step: 'download' } }));
    app.clock.set(minutesAfter(T1, 1));
    const { execution } = (await app.when(startNext('thing-a', { statusDetails: { step: 'ignored' } }))).thenNothingAppended();
    assert.deepEqual(
      [execution?.jobId, execution?.versionNumber, execution?.statusDetails, execution?.lastUpdatedAt],
      ['job-1', 2, { step: 'download' }, T1],
    );
  });

  it('moves on to the next job once the first has ended, and answers {} when nothing is pending', async () => {
    const app = await twoJobsQueued();
    await app.given(startNext('thing-a'), updateExecution('job-1', 'thing-a', 'SUCCEEDED'));
    const { execution } = (await app.when(startNext('thing-a'))).thenAppendedMatching([
      { streamId: executionStream('job-2', 'thing-a'), type: 'JobExecutionStarted', data: { versionNumber: 2 } },
    ]);
    assert.equal(execution?.jobDocument, '{"operation":"other"}');
    await app.given(updateExecution('job-2', 'thing-a', 'REJECTED'));
    assert.deepEqual((await app.when(startNext('thing-a'))).thenNothingAppended(), {});
    assert.deepEqual((await app.when(startNext('thing-without-jobs'))).thenNothingAppended(), {});
  });

  it('refuses a step timeout out of range, and changes nothing', async () => {
    const app = await twoJobsQueued();
    (await app.when(startNext('thing-a', { stepTimeoutInMinutes: -1 }))).thenFails('InvalidRequest');
    (await app.when(startNext('thing-a', { stepTimeoutInMinutes: 10_081 }))).thenFails('InvalidRequest');
  });
});

describe('UpdateJobExecution', () => {
  it('starts a QUEUED execution when the device reports IN_PROGRESS', async () => {
    const app = await twoJobsQueued();
    (await app.when(updateExecution('job-2', 'thing-a', 'IN_PROGRESS'))).thenAppendedMatching([
      {
        streamId: executionStream('job-2', 'thing-a'),
        type: 'JobExecutionStarted',
        data: { startedBy: 'UpdateJobExecution', at: T1.toISOString(), statusDetails: {} },
      },
    ]);
  });

  it('records progress, then the outcome, answering with the state and document when asked', async () => {
    const app = await twoJobsQueued();
    await app.given(startNext('thing-a'));
    (await app.when(updateExecution('job-1', 'thing-a', 'IN_PROGRESS', { statusDetails: { percent: '50' } }))).thenAppendedMatching([
      { streamId: A1, type: 'JobExecutionUpdated', data: { previousStatus: 'IN_PROGRESS', versionNumber: 3, statusDetails: { percent: '50' } } },
    ]);
    const finished = updateExecution('job-1', 'thing-a', 'SUCCEEDED', {
      expectedVersion: 3,
      includeJobExecutionState: true,
      includeJobDocument: true,
    });
    const result = (await app.when(finished)).thenAppendedMatching([
      {
        streamId: A1,
        type: 'JobExecutionSucceeded',
        data: { previousStatus: 'IN_PROGRESS', versionNumber: 4, statusDetails: { percent: '50' }, at: T1.toISOString() },
      },
    ]);
    assert.deepEqual(result, { executionState: { status: 'SUCCEEDED', statusDetails: { percent: '50' }, versionNumber: 4 }, jobDocument: DOCUMENT });
  });

  it('a stale expectedVersion is InvalidStateTransition carrying the current state (the data plane has no version error)', async () => {
    const app = await twoJobsQueued();
    await app.given(startNext('thing-a'));
    const error = (await app.when(updateExecution('job-1', 'thing-a', 'SUCCEEDED', { expectedVersion: 1 }))).thenFails('InvalidStateTransition');
    assert.deepEqual(error.details, { reason: 'VersionMismatch', executionState: { status: 'IN_PROGRESS', statusDetails: {}, versionNumber: 2 } });
  });

  it('refuses what a device may not report, an ended execution and an unknown one', async () => {
    const app = await twoJobsQueued();
    (await app.when(updateExecution('job-1', 'thing-a', 'TIMED_OUT'))).thenFails('InvalidRequest');
    (await app.when(updateExecution('job-1', 'thing-a', 'QUEUED'))).thenFails('InvalidStateTransition');
    await app.given(updateExecution('job-1', 'thing-a', 'FAILED'));
    (await app.when(updateExecution('job-1', 'thing-a', 'SUCCEEDED'))).thenFails('InvalidStateTransition');
    (await app.when(updateExecution('job-1', 'thing-z', 'IN_PROGRESS'))).thenFails('ResourceNotFound');
  });

  it('decides on a stream read as snapshot plus tail, as on the whole stream', async () => {
    const given = await twoJobsQueued();
    await given.given(startNext('thing-a', { statusDetails: { step: 'one' } }));
    const history = (await given.store.readStream(A1)).map(({ type, data }) => ({ type, data }) as unknown as JobExecutionEvent);
    const state = encodeJobExecutionState(foldEvents(jobExecutionDecider, history));
    given.store.putSnapshot(A1, { schemaVersion: JOB_EXECUTION_SNAPSHOT_SCHEMA_VERSION, streamVersion: history.length, state });
    await given.given(updateExecution('job-1', 'thing-a', 'IN_PROGRESS', { statusDetails: { step: 'two' } }));
    // Another instance, which keeps no state of its own: it reads the snapshot and the one event after it.
    (await given.elsewhere().when(updateExecution('job-1', 'thing-a', 'SUCCEEDED'))).thenAppendedMatching([
      { streamId: A1, type: 'JobExecutionSucceeded', data: { versionNumber: 4, previousStatus: 'IN_PROGRESS', statusDetails: { step: 'two' } } },
    ]);
  });
});
