import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createJob, executionStream, jobStream, minutesAfter, OPERATOR, thingArn, DOCUMENT, cancelJob, deleteJob } from './support/messages.js';
import { T0, UseCaseApp } from './support/use-case-app.js';

const T1 = minutesAfter(T0, 5);
const queued = (jobId: string, thingName: string, at: Date, extra: object = {}) => ({
  streamId: executionStream(jobId, thingName),
  type: 'JobExecutionQueued',
  data: {
    jobId,
    thingName,
    thingArn: thingArn(thingName),
    executionNumber: 1,
    versionNumber: 1,
    status: 'QUEUED',
    at: at.toISOString(),
    actor: OPERATOR,
    retryAttempt: 0,
    ...extra,
  },
});

describe('CreateJob', () => {
  it('creates the job and queues one execution per target thing, at the clock’s time', async () => {
    const app = new UseCaseApp();
    app.clock.set(T1);
    const outcome = await app.when(
      createJob('job-1', ['thing-a', 'thing-b', 'thing-a'], { description: 'reboot all', timeoutConfig: { inProgressTimeoutInMinutes: 30 } }),
    );
    const result = outcome.thenAppended([
      {
        streamId: jobStream('job-1'),
        type: 'JobCreated',
        data: {
          jobId: 'job-1',
          status: 'IN_PROGRESS',
          at: T1.toISOString(),
          actor: OPERATOR,
          targets: [thingArn('thing-a'), thingArn('thing-b')],
          targetSelection: 'SNAPSHOT',
          document: DOCUMENT,
          description: 'reboot all',
          timeoutConfig: { inProgressTimeoutInMinutes: 30 },
        },
      },
      queued('job-1', 'thing-a', T1, { timeoutConfig: { inProgressTimeoutInMinutes: 30 } }),
      queued('job-1', 'thing-b', T1, { timeoutConfig: { inProgressTimeoutInMinutes: 30 } }),
    ]);
    assert.deepEqual(result, { jobArn: 'arn:aws:iot:eu-west-1:123456789012:job/job-1', jobId: 'job-1', description: 'reboot all' });
    assert.ok(
      outcome.appended.every((event) => event.metadata?.actor === OPERATOR),
      'every event records who asked',
    );
  });

  it('refuses a jobId in use, and changes nothing', async () => {
    const app = new UseCaseApp();
    await app.given(createJob('job-1', ['thing-a']));
    (await app.when(createJob('job-1', ['thing-b']))).thenFails('ResourceAlreadyExists');
  });

  it('refuses an unknown thing-group target (404) or a job without a document, and changes nothing', async () => {
    const app = new UseCaseApp();
    const group = 'arn:aws:iot:eu-west-1:123456789012:thinggroup/fleet';
    (await app.when(createJob('job-1', [], { targets: [group] }))).thenFails('ResourceNotFound');
    (await app.when(createJob('job-1', ['thing-a'], { document: undefined }))).thenFails('InvalidRequest');
    (await app.when(createJob('job-1', ['thing-a'], { timeoutConfig: { inProgressTimeoutInMinutes: 0 } }))).thenFails('InvalidRequest');
  });

  it('reuses the id of a deleted job: its things get executions numbered after the purged ones', async () => {
    const app = new UseCaseApp();
    await app.given(createJob('job-1', ['thing-a']), cancelJob('job-1'), deleteJob('job-1'));
    await app.givenReacted(app.jobWideWork, 0);
    app.clock.set(T1);
    (await app.when(createJob('job-1', ['thing-a', 'thing-b']))).thenAppendedMatching([
      { streamId: jobStream('job-1'), type: 'JobCreated', data: { at: T1.toISOString() } },
      { streamId: executionStream('job-1', 'thing-a'), type: 'JobExecutionQueued', data: { executionNumber: 2, versionNumber: 1 } },
      { streamId: executionStream('job-1', 'thing-b'), type: 'JobExecutionQueued', data: { executionNumber: 1, versionNumber: 1 } },
    ]);
  });

  it('a CreateJob of the same id that commits first wins: this one is decided again and refused', async () => {
    const app = new UseCaseApp();
    app.store.interfere(() => app.elsewhere().send(createJob('job-1', ['thing-b'])));
    const outcome = await app.when(createJob('job-1', ['thing-a']));
    outcome.thenFailsAfterOthersWrote('ResourceAlreadyExists');
    assert.deepEqual(
      outcome.events().map((event) => event.streamId),
      [jobStream('job-1'), executionStream('job-1', 'thing-b')],
      'only the winner’s job and execution are stored',
    );
  });
});
