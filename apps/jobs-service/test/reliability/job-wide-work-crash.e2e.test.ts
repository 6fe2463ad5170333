import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { CancelJobCommand, CreateJobCommand } from '@aws-sdk/client-iot';
import pg from 'pg';
import { freshDatabase, pollUntil, type TestDatabase } from '#testing';
import { startServiceProcess, type ServiceProcess } from '../support/service-process.js';
import { OPERATOR, thingArn } from '#testing';

const EXECUTIONS = 10_000;

/**
 * CancelJob's sweep is a reaction: killed halfway, it is finished after a restart, and with two
 * instances running it is done once (each execution canceled exactly once, by one instance).
 */
describe('a job-wide cancel survives SIGKILL and is not done twice by two instances', () => {
  let db: TestDatabase;
  let sql: pg.Pool;
  const services: ServiceProcess[] = [];

  before(async () => {
    db = await freshDatabase('sweep_crash');
    sql = new pg.Pool({ connectionString: db.url, max: 2 });
  });
  after(async () => {
    await Promise.all(services.map((service) => service.kill()));
    await sql.end();
    await db.drop();
  });

  const operator = { ...OPERATOR, role: 'operator', throttle: { ratePerSecond: 10_000, burst: 10_000 } };
  const env = () => ({
    DATABASE_URL: db.url,
    AUTH_PRINCIPALS: JSON.stringify([operator]),
    REACTION_LEASE_MS: '2000',
    REACTION_POLL_INTERVAL_MS: '100',
    JOB_WIDE_WORK_EXECUTIONS_PER_SECOND: '1000',
  });
  const canceled = async (jobId: string) =>
    (
      await sql.query<{ events: number; streams: number }>(
        `SELECT count(*)::int AS events, count(DISTINCT stream_id)::int AS streams FROM es_events
          WHERE event_type = 'JobExecutionCanceled' AND stream_id LIKE $1`,
        [`job-execution/${jobId}/%`],
      )
    ).rows[0]!;

  it('finishes after a restart, each execution canceled exactly once', async () => {
    const jobId = 'sweep-crash-job';
    const first = await startServiceProcess(env());
    services.push(first);
    const targets = Array.from({ length: EXECUTIONS }, (_, i) => thingArn(`sweep-crash-${i}`));
    await first.cp.send(new CreateJobCommand({ jobId, targets, document: '{}' }));
    await first.cp.send(new CancelJobCommand({ jobId }));
    await pollUntil(async () => ((await canceled(jobId)).events >= 1_000 ? true : undefined), { description: 'the sweep under way' });
    await first.kill('SIGKILL');
    services.pop();
    const halfway = (await canceled(jobId)).events;
    assert.ok(halfway < EXECUTIONS, `killed halfway (${halfway} canceled)`);

    // Two instances now: one takes the sweep over from the stored checkpoint, the other waits.
    services.push(await startServiceProcess(env()), await startServiceProcess(env()));
    await pollUntil(async () => ((await canceled(jobId)).streams === EXECUTIONS ? true : undefined), {
      timeoutMs: 90_000,
      description: 'every execution canceled',
    });
    const { rows } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM job_execution_view WHERE job_id = $1 AND status = 'CANCELED'`, [
      jobId,
    ]);
    assert.equal(rows[0]!.n, EXECUTIONS);
    assert.deepEqual(await canceled(jobId), { events: EXECUTIONS, streams: EXECUTIONS }, 'no execution canceled twice');
  });
});
