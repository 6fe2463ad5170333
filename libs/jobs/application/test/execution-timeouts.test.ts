import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SERVICE_ACTOR } from '#jobs/application';
import { createJob, executionStream, minutesAfter, startNext, updateExecution } from './support/messages.js';
import { T0, UseCaseApp } from './support/use-case-app.js';

const A = executionStream('job-1', 'thing-a');
const B = executionStream('job-1', 'thing-b');

/** job-1 (in-progress timeout: 10 minutes) started on thing-a and thing-b at T0. */
async function startedWithTimeout(step: { a?: number; b?: number } = {}): Promise<UseCaseApp> {
  const app = new UseCaseApp();
  await app.given(
    createJob('job-1', ['thing-a', 'thing-b'], { timeoutConfig: { inProgressTimeoutInMinutes: 10 } }),
    startNext('thing-a', step.a !== undefined ? { stepTimeoutInMinutes: step.a } : {}),
    startNext('thing-b', step.b !== undefined ? { stepTimeoutInMinutes: step.b } : {}),
  );
  return app;
}

/** When: the sweep runs at `at`. Then: how many it timed out, and what it appended. */
async function sweepAt(app: UseCaseApp, at: Date) {
  app.clock.set(at);
  const before = app.store.position();
  const timedOut = await app.timeouts.sweep();
  return { timedOut, events: app.store.since(before).map(({ streamId, type, data }) => ({ streamId, type, data })) };
}

describe('ExecutionTimeouts.sweep', () => {
  it('times out nothing before a deadline, and each execution whose in-progress deadline has passed at it', async () => {
    const app = await startedWithTimeout();
    assert.deepEqual(await sweepAt(app, minutesAfter(T0, 9.99)), { timedOut: 0, events: [] });
    const at = minutesAfter(T0, 12);
    const { timedOut, events } = await sweepAt(app, at);
    assert.equal(timedOut, 2);
    assert.deepEqual(events, [
      {
        streamId: A,
        type: 'JobExecutionTimedOut',
        data: {
          jobId: 'job-1',
          thingName: 'thing-a',
          executionNumber: 1,
          versionNumber: 3,
          status: 'TIMED_OUT',
          at: at.toISOString(),
          actor: SERVICE_ACTOR,
          previousStatus: 'IN_PROGRESS',
          timer: 'IN_PROGRESS',
          deadline: minutesAfter(T0, 10).toISOString(),
          statusDetails: {},
        },
      },
      { streamId: B, type: 'JobExecutionTimedOut', data: { ...events[0]!.data, thingName: 'thing-b' } },
    ]);
    assert.deepEqual(await sweepAt(app, minutesAfter(T0, 13)), { timedOut: 0, events: [] }, 'a second sweep finds nothing due');
  });

  it('fires the step timer when it is the nearer deadline, and only for the execution it runs on', async () => {
    const app = await startedWithTimeout({ a: 2 });
    const { timedOut, events } = await sweepAt(app, minutesAfter(T0, 3));
    assert.equal(timedOut, 1);
    assert.deepEqual(
      events.map((event) => [event.streamId, event.data['timer'], event.data['deadline']]),
      [[A, 'STEP', minutesAfter(T0, 2).toISOString()]],
    );
  });

  it('honours a device update that moved the step timer, or finished the execution, before the deadline', async () => {
    const app = await startedWithTimeout({ a: 2, b: 2 });
    app.clock.set(minutesAfter(T0, 1));
    await app.given(
      updateExecution('job-1', 'thing-a', 'IN_PROGRESS', { stepTimeoutInMinutes: 5 }),
      updateExecution('job-1', 'thing-b', 'SUCCEEDED'),
    );
    assert.deepEqual(await sweepAt(app, minutesAfter(T0, 3)), { timedOut: 0, events: [] });
    const { events } = await sweepAt(app, minutesAfter(T0, 6));
    assert.deepEqual(
      events.map((event) => [event.streamId, event.data['timer']]),
      [[A, 'STEP']],
    );
  });

  it('lets a device update that races the sweep win: decided again, the execution is no longer due', async () => {
    const app = await startedWithTimeout({ a: 2 });
    app.store.interfere(() => app.elsewhere().send(updateExecution('job-1', 'thing-a', 'SUCCEEDED')));
    const { timedOut, events } = await sweepAt(app, minutesAfter(T0, 3));
    assert.equal(timedOut, 0);
    assert.deepEqual(
      events.map((event) => [event.streamId, event.type]),
      [[A, 'JobExecutionSucceeded']],
    );
  });

  it('times out at most `limit` executions per sweep, the earliest deadline first', async () => {
    const app = await startedWithTimeout({ a: 5, b: 3 });
    app.clock.set(minutesAfter(T0, 6));
    assert.equal(await app.timeouts.sweep(1), 1);
    assert.deepEqual((await app.readModel.findExecution({ jobId: 'job-1', thingName: 'thing-b' }))?.status, 'TIMED_OUT');
    assert.deepEqual((await app.readModel.findExecution({ jobId: 'job-1', thingName: 'thing-a' }))?.status, 'IN_PROGRESS');
  });
});
