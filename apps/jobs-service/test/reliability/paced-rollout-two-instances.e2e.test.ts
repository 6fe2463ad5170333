import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { freshDatabase, pollUntil, type TestDatabase } from '#testing';
import { startServiceProcess, type ServiceProcess } from '../support/service-process.js';
import { busiestWindow, createPacedJob, pacedRolloutEnv, queuedExecutions, RATE_PER_MINUTE, TARGETS } from './paced-rollout.js';

/**
 * Every instance fires the rollout timer (no leader); the chunks are appended at the job stream's
 * version, so two instances on one database spend each window once: the rate is not doubled.
 */
describe('two instances pace one rollout at its rate', () => {
  let db: TestDatabase;
  let sql: pg.Pool;
  const services: ServiceProcess[] = [];

  before(async () => {
    db = await freshDatabase('paced_two');
    sql = new pg.Pool({ connectionString: db.url, max: 2 });
  });
  after(async () => {
    await Promise.all(services.map((service) => service.kill()));
    await sql.end();
    await db.drop();
  });

  it('notifies at most the rate in any 60 s, each target exactly once', async () => {
    const jobId = 'paced-two-job';
    services.push(...(await Promise.all([startServiceProcess(pacedRolloutEnv(db.url)), startServiceProcess(pacedRolloutEnv(db.url))])));
    const things = await createPacedJob(services[0]!.cp, jobId);
    const all = await pollUntil(
      async () => {
        const queued = await queuedExecutions(sql, jobId);
        return queued.events.length >= TARGETS && queued.viewRows >= TARGETS ? queued : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 250, description: 'every target notified' },
    );
    // Let both timers fire a few more times: nothing more may come.
    const settled = await pollUntil(
      async () => {
        const queued = await queuedExecutions(sql, jobId);
        return Date.now() - Math.max(...queued.events.map((event) => event.at.getTime())) >= 1_000 ? queued : undefined;
      },
      { description: 'both timers idle for a second' },
    );
    assert.equal(settled.events.length, TARGETS, 'no target notified twice');
    assert.deepEqual(all.events.map((event) => event.thingName).sort(), things);
    // The events keep the service's own timestamps, so this covers every moment of the rollout.
    assert.equal(busiestWindow(settled.events), RATE_PER_MINUTE, 'the rate reached, not doubled');
    const firstAt = settled.events[0]!.at.getTime();
    assert.equal(settled.events.filter((event) => event.at.getTime() < firstAt + 60_000).length, RATE_PER_MINUTE, 'the first window holds the rate');
  });
});
