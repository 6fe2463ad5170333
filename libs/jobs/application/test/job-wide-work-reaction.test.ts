import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cancelJob,
  createJob,
  deleteJob,
  executionStream,
  jobStream,
  minutesAfter,
  OPERATOR,
  startNext,
  updateExecution,
} from './support/messages.js';
import { T0, UseCaseApp } from './support/use-case-app.js';

const T1 = minutesAfter(T0, 30);
/** Pacing that changes one execution at a time, so a stop lands between two of them. */
const ONE_AT_A_TIME = { executionsPerSecond: 1_000_000, concurrency: 1 };
const streamsOf = (events: ReadonlyArray<{ streamId: string; type: string }>, type: string) =>
  events
    .filter((event) => event.type === type)
    .map((event) => event.streamId)
    .sort();

/** job-1 on thing-a (QUEUED), thing-b (IN_PROGRESS), thing-c (SUCCEEDED) and thing-d (FAILED). */
async function jobInAllStates(app = new UseCaseApp()): Promise<UseCaseApp> {
  await app.given(
    createJob('job-1', ['thing-a', 'thing-b', 'thing-c', 'thing-d']),
    startNext('thing-b'),
    startNext('thing-c'),
    startNext('thing-d'),
    updateExecution('job-1', 'thing-c', 'SUCCEEDED'),
    updateExecution('job-1', 'thing-d', 'FAILED'),
  );
  return app;
}

/** The operator's request, then the reaction's When over the events since, at T1. */
async function sweepAfter(app: UseCaseApp, request: Parameters<UseCaseApp['send']>[0]) {
  const since = app.store.position();
  await app.given(request);
  app.clock.set(T1);
  return { since, outcome: await app.whenReacting(app.jobWideWork, since) };
}

describe('JobWideWorkReaction: the CancelJob sweep', () => {
  it('cancels the QUEUED executions and passes the others by', async () => {
    const app = await jobInAllStates();
    const { since, outcome } = await sweepAfter(app, cancelJob('job-1', { reasonCode: 'R1', comment: 'stop it' }));
    outcome.thenAppended([
      {
        streamId: executionStream('job-1', 'thing-a'),
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
          statusDetails: {},
          origin: 'CancelJob',
          reasonCode: 'R1',
          comment: 'stop it',
        },
      },
    ]);
    // Replayed, the batch changes nothing.
    (await app.whenReacting(app.jobWideWork, since)).thenNothingAppended();
  });

  it('with force, cancels IN_PROGRESS executions too, and still passes the ended ones by', async () => {
    const app = await jobInAllStates();
    const { since, outcome } = await sweepAfter(app, cancelJob('job-1', { force: true }));
    outcome.thenAppendedMatching([
      { streamId: executionStream('job-1', 'thing-a'), type: 'JobExecutionCanceled', data: { previousStatus: 'QUEUED', forceCanceled: true } },
      { streamId: executionStream('job-1', 'thing-b'), type: 'JobExecutionCanceled', data: { previousStatus: 'IN_PROGRESS', forceCanceled: true } },
    ]);
    (await app.whenReacting(app.jobWideWork, since)).thenNothingAppended();
  });

  it('does nothing for a job deleted since it was canceled', async () => {
    const app = await jobInAllStates();
    const since = app.store.position();
    await app.given(cancelJob('job-1'), deleteJob('job-1'));
    const batch = app.store.since(since).filter((event) => event.type === 'JobCanceled');
    await app.jobWideWork.react(batch, new AbortController().signal);
    assert.equal(app.store.position(), since + 2);
  });

  it('sweeps a job of more than one page of executions', async () => {
    const app = new UseCaseApp();
    const things = Array.from({ length: 501 }, (_, i) => `thing-${String(i).padStart(3, '0')}`);
    await app.given(createJob('job-1', things));
    const { outcome } = await sweepAfter(app, cancelJob('job-1'));
    assert.deepEqual(streamsOf(outcome.events(), 'JobExecutionCanceled'), things.map((thing) => executionStream('job-1', thing)).sort());
    assert.equal((await app.readModel.findJob('job-1'))?.isConcurrent, false);
  });

  it('stops when its signal is aborted; the batch delivered again finishes the work', async () => {
    const app = new UseCaseApp(undefined, undefined, ONE_AT_A_TIME);
    await app.given(createJob('job-1', ['thing-x', 'thing-y', 'thing-z']));
    const since = app.store.position();
    await app.given(cancelJob('job-1'));
    const stopping = new AbortController();
    app.store.interfere(async () => stopping.abort()); // the process starts shutting down during the first change
    const outcome = await app.whenReacting(app.jobWideWork, since, stopping.signal);
    assert.equal((outcome.error as Error | undefined)?.name, 'AbortError');
    assert.deepEqual(streamsOf(outcome.events(), 'JobExecutionCanceled'), [executionStream('job-1', 'thing-x')]);
    const again = await app.whenReacting(app.jobWideWork, since);
    assert.deepEqual(streamsOf(again.events(), 'JobExecutionCanceled'), [executionStream('job-1', 'thing-y'), executionStream('job-1', 'thing-z')]);
  });
});

describe('JobWideWorkReaction: the DeleteJob sweep', () => {
  it('purges every execution of every thing, earlier attempts too, then finishes the deletion', async () => {
    const app = await jobInAllStates();
    await app.given(createJob('job-2', ['thing-a']), cancelJob('job-1'));
    const { since, outcome } = await sweepAfter(app, deleteJob('job-1'));
    const events = outcome.events();
    assert.deepEqual(
      streamsOf(events, 'JobExecutionDeleted'),
      ['thing-a', 'thing-b', 'thing-c', 'thing-d'].map((thing) => executionStream('job-1', thing)),
    );
    assert.deepEqual(events.at(-1), {
      streamId: jobStream('job-1'),
      type: 'JobDeleted',
      data: { jobId: 'job-1', at: T1.toISOString(), actor: OPERATOR },
    });
    assert.equal(await app.readModel.jobExists('job-1'), false);
    assert.deepEqual(await app.readModel.thingsWithExecutions({ jobId: 'job-1', limit: 10 }), []);
    assert.equal(await app.readModel.jobExists('job-2'), true, 'other jobs are untouched');
    (await app.whenReacting(app.jobWideWork, since)).thenNothingAppended();
  });

  it('purges a thing’s retried executions, all attempts', async () => {
    const app = new UseCaseApp();
    await app.given(
      createJob('job-1', ['thing-a'], { jobExecutionsRetryConfig: { criteriaList: [{ failureType: 'FAILED', numberOfRetries: 1 }] } }),
      startNext('thing-a'),
      updateExecution('job-1', 'thing-a', 'FAILED'),
    );
    await app.givenReacted(app.progress, 0);
    const { outcome } = await sweepAfter(app, deleteJob('job-1', true));
    outcome.thenAppendedMatching([
      { streamId: executionStream('job-1', 'thing-a'), type: 'JobExecutionDeleted', data: { executionNumber: 1, status: 'FAILED' } },
      { streamId: executionStream('job-1', 'thing-a'), type: 'JobExecutionDeleted', data: { executionNumber: 2, status: 'QUEUED' } },
      { streamId: jobStream('job-1'), type: 'JobDeleted', data: { at: T1.toISOString() } },
    ]);
  });

  it('sweeps a job of more than one page of executions', async () => {
    const app = new UseCaseApp();
    const things = Array.from({ length: 501 }, (_, i) => `thing-${String(i).padStart(3, '0')}`);
    await app.given(createJob('job-1', things));
    const { outcome } = await sweepAfter(app, deleteJob('job-1', true));
    assert.equal(streamsOf(outcome.events(), 'JobExecutionDeleted').length, 501);
    assert.equal(outcome.events().at(-1)?.type, 'JobDeleted');
  });

  it('stops when its signal is aborted, before the job is deleted; delivered again, it finishes', async () => {
    const app = new UseCaseApp(undefined, undefined, ONE_AT_A_TIME);
    await app.given(createJob('job-1', ['thing-a', 'thing-b']));
    const since = app.store.position();
    await app.given(deleteJob('job-1', true));
    const stopping = new AbortController();
    app.store.interfere(async () => stopping.abort());
    const outcome = await app.whenReacting(app.jobWideWork, since, stopping.signal);
    assert.equal((outcome.error as Error | undefined)?.name, 'AbortError');
    assert.deepEqual(
      outcome.events().map((event) => event.type),
      ['JobExecutionDeleted'],
    );
    assert.equal((await app.readModel.findJob('job-1'))?.status, 'DELETION_IN_PROGRESS');
    const again = await app.whenReacting(app.jobWideWork, since);
    assert.deepEqual(
      again.events().map((event) => event.type),
      ['JobExecutionDeleted', 'JobDeleted'],
    );
  });
});
