import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { migrateEventStore } from '#event-store';
import { PENDING_EXECUTION_PROBE_SQL, PgJobsReadModel, READ_MODEL_MIGRATIONS_DIR } from '#jobs/read-models';
import { freshDatabase } from '#testing';

const IDENTITY = { region: 'us-east-1', accountId: '123456789012' };

/**
 * The job-completion probe runs after every execution that ends, so its plan must not depend on
 * the statistics of the moment: here they were taken while every execution was pending, and then
 * almost all of them ended (the case that made an EXISTS walk the table).
 */
describe('pending-execution probe', async () => {
  const db = await freshDatabase('rm_probe');
  let pool: pg.Pool;
  let readModel: PgJobsReadModel;

  before(async () => {
    await migrateEventStore(db.url, [READ_MODEL_MIGRATIONS_DIR]);
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    readModel = new PgJobsReadModel(pool, IDENTITY);
    await pool.query(
      `INSERT INTO job_execution_view (job_id, thing_name, execution_number, stream_version, is_latest, thing_arn, status,
         version_number, queued_at, last_updated_at)
       SELECT 'job-' || (i % 4), 'thing-' || i, 1, 1, true, 'arn:thing-' || i, 'QUEUED', 1, now(), now()
         FROM generate_series(1, 8000) AS i`,
    );
    await pool.query('ANALYZE job_execution_view');
    await pool.query(`UPDATE job_execution_view SET status = 'SUCCEEDED' WHERE thing_name <> 'thing-7999'`);
  });
  after(async () => {
    await pool.end();
    await db.drop();
  });

  it('answers whether a job has a pending execution', async () => {
    assert.equal(await readModel.hasPendingExecution('job-3'), true); // thing-7999
    assert.equal(await readModel.hasPendingExecution('job-0'), false);
    assert.equal(await readModel.hasPendingExecution('no-such-job'), false);
    await pool.query(`UPDATE job_execution_view SET is_latest = false WHERE thing_name = 'thing-7999'`);
    assert.equal(await readModel.hasPendingExecution('job-3'), false, 'only the latest execution of a thing counts');
    await pool.query(`UPDATE job_execution_view SET is_latest = true WHERE thing_name = 'thing-7999'`);
  });

  for (const mode of ['force_generic_plan', 'force_custom_plan']) {
    it(`descends the pending index, never scans the table (${mode})`, async () => {
      const client = await pool.connect();
      try {
        await client.query(`SET plan_cache_mode = ${mode}`);
        await client.query(`PREPARE probe(text) AS ${PENDING_EXECUTION_PROBE_SQL}`);
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE probe('job-0')`);
        const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
        assert.match(plan, /job_execution_view_job_pending/, plan);
        assert.doesNotMatch(plan, /Seq Scan|Sort/, plan);
      } finally {
        await client.query('DEALLOCATE ALL; RESET plan_cache_mode');
        client.release();
      }
    });
  }
});
