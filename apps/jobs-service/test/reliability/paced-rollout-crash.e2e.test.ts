import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { DescribeJobCommand } from '@aws-sdk/client-iot';
import pg from 'pg';
import { freshDatabase, pollUntil, type TestDatabase } from '#testing';
import { startServiceProcess, type ServiceProcess } from '../support/service-process.js';
import { busiestWindow, createPacedJob, pacedRolloutEnv, queuedExecutions, RATE_PER_MINUTE, TARGETS } from './paced-rollout.js';

/**
 * A paced rollout's position and window are stored (the job stream's JobRolloutAdvanced events and
 * the durable timer in job_view), not held by the process: killed with SIGKILL during its first
 * window, a restarted service finishes that window, waits for the next one as if nothing happened,
 * and notifies every target exactly once. Real time (a process cannot share a test's clock), so
 * one 60 s window is waited out.
 */
describe('a paced rollout survives SIGKILL', () => {
  let db: TestDatabase;
  let sql: pg.Pool;
  let service: ServiceProcess | undefined;

  before(async () => {
    db = await freshDatabase('paced_crash');
    sql = new pg.Pool({ connectionString: db.url, max: 2 });
  });
  after(async () => {
    await service?.kill();
    await sql.end();
    await db.drop();
  });

  it('resumes after a restart: the rest arrive after the window, each target exactly once, none skipped', async () => {
    const jobId = 'paced-crash-job';
    service = await startServiceProcess(pacedRolloutEnv(db.url));
    const things = await createPacedJob(service.cp, jobId);
    await pollUntil(async () => ((await queuedExecutions(sql, jobId)).events.length > 0 ? true : undefined), {
      description: 'the first window under way',
    });
    await service.kill('SIGKILL');
    service = undefined;
    const atCrash = (await queuedExecutions(sql, jobId)).events;
    assert.ok(atCrash.length <= RATE_PER_MINUTE, `no more than the rate before the crash (${atCrash.length})`);
    const firstAt = atCrash[0]!.at.getTime();

    service = await startServiceProcess(pacedRolloutEnv(db.url));
    // The new process completes the first window (if the crash fell between its chunks)...
    const firstWindow = await pollUntil(
      async () => {
        const { events } = await queuedExecutions(sql, jobId);
        return events.length >= RATE_PER_MINUTE ? events : undefined;
      },
      { description: 'the first window full after the restart' },
    );
    assert.ok(
      firstWindow.length === RATE_PER_MINUTE || firstWindow.some((event) => event.at.getTime() >= firstAt + 60_000),
      'the restart did not open a new window early',
    );
    // ...and notifies the rest once the window has passed.
    const all = await pollUntil(
      async () => {
        const queued = await queuedExecutions(sql, jobId);
        return queued.events.length >= TARGETS && queued.viewRows >= TARGETS ? queued : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 250, description: 'every target notified' },
    );
    const done = await pollUntil(
      async () => {
        const job = (await service!.cp.send(new DescribeJobCommand({ jobId }))).job!;
        return job.jobProcessDetails?.processingTargets === undefined ? job : undefined;
      },
      { description: 'the rollout finished' },
    );

    assert.equal(done.jobProcessDetails?.numberOfQueuedThings, TARGETS);
    assert.equal(all.events.length, TARGETS, 'no target notified twice');
    assert.deepEqual(all.events.map((event) => event.thingName).sort(), things, 'none skipped, no stranger');
    assert.equal(all.viewRows, TARGETS);
    assert.equal(busiestWindow(all.events), RATE_PER_MINUTE, 'never more than the rate in any 60 s');
    const seventh = all.events[RATE_PER_MINUTE]!.at.getTime();
    assert.ok(seventh >= firstAt + 60_000, `the second window opens 60 s after the first (${seventh - firstAt} ms)`);
  });
});
