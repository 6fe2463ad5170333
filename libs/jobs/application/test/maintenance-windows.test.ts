import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DescribeJobQuery, SERVICE_ACTOR } from '#jobs/application';
import { createJob, jobStream } from './support/messages.js';
import { UseCaseApp } from './support/use-case-app.js';

/** Maintenance windows in the use cases (docs/aws-behaviour.md §21.5–21.7); T0 is 12:00 UTC. */
const THINGS = ['thing-a', 'thing-b', 'thing-c'];
const lunch = [{ startTime: 'cron(0 13 * * ? *)', durationInMinutes: 30 }];
const opens = new Date('2026-03-01T13:00:00.000Z');
const queuedThings = (events: ReadonlyArray<{ type: string; data: object }>) =>
  events.filter((event) => event.type === 'JobExecutionQueued').map((event) => (event.data as { thingName: string }).thingName);

describe('Maintenance windows (CreateJob, the rollout timer, DescribeJob)', () => {
  it('CreateJob queues no direct thing; the rollout waits for the window, then queues every target in chunks', async () => {
    const app = new UseCaseApp();
    const since = app.store.position();
    const created = await app.when(createJob('job-1', THINGS, { schedulingConfig: { maintenanceWindows: lunch } }));
    assert.deepEqual(queuedThings(created.appended), []);
    (await app.whenReacting(app.rollout, since)).thenAppendedMatching([
      {
        streamId: jobStream('job-1'),
        type: 'JobRolloutAdvanced',
        data: { queued: 0, done: false, nextAt: opens.toISOString(), actor: SERVICE_ACTOR },
      },
    ]);
    app.clock.set(new Date(opens.getTime() - 1000));
    (await app.whenRunning(() => app.rolloutTimers.sweep())).thenNothingAppended();
    app.clock.set(opens);
    const inside = await app.whenRunning(() => app.rolloutTimers.sweep());
    assert.deepEqual(queuedThings(inside.appended), THINGS, 'two chunks of two at the window start');
  });

  it('a cron that does not parse is InvalidRequest naming the member, and nothing is stored', async () => {
    const app = new UseCaseApp();
    const outcome = await app.when(
      createJob('job-1', THINGS, { schedulingConfig: { maintenanceWindows: [...lunch, { startTime: 'cron(0 13 * * *)', durationInMinutes: 30 }] } }),
    );
    assert.match(outcome.thenFails('InvalidRequest').message, /^schedulingConfig\.maintenanceWindows\[1\]\.startTime/);
  });

  it('DescribeJob lists the next seven window starts from the clock', async () => {
    const app = new UseCaseApp();
    await app.given(createJob('job-1', THINGS, { schedulingConfig: { maintenanceWindows: lunch } }));
    const job = await app.send(new DescribeJobQuery({ jobId: 'job-1' }));
    assert.equal(job.scheduledJobRollouts?.length, 7);
    assert.deepEqual(job.scheduledJobRollouts?.[0], { startTime: '2026-03-01T13:00' });
    app.clock.set(new Date('2026-03-01T13:10:00.000Z'));
    assert.deepEqual((await app.send(new DescribeJobQuery({ jobId: 'job-1' }))).scheduledJobRollouts?.[0], { startTime: '2026-03-02T13:00' });
    await app.given(createJob('job-2', THINGS));
    assert.equal((await app.send(new DescribeJobQuery({ jobId: 'job-2' }))).scheduledJobRollouts, undefined);
  });
});
