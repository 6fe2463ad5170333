import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { migrateEventStore } from '#event-store';
import { PgJobsReadModel, READ_MODEL_MIGRATIONS_DIR } from '#jobs/read-models';
import { freshDatabase } from '#testing';

const BACKFILL_MIGRATION = '1765200000000_job-retry-config.sql';
const IDENTITY = { region: 'us-east-1', accountId: '123456789012' };
const RETRY_ALL = { criteriaList: [{ failureType: 'ALL', numberOfRetries: 3 }] };

/**
 * job_view gained job_executions_retry_config after jobs already existed: the migration fills it
 * from each job's latest JobCreated event, so DescribeJob shows it for old jobs too.
 */
describe('job_executions_retry_config backfill', async () => {
  const db = await freshDatabase('rm_retry_backfill');
  // The same folder name, so the earlier migrations are recorded in the same migrations table.
  const earlier = join(mkdtempSync(join(tmpdir(), 'retry-backfill-')), 'read-models', 'migrations');
  let pool: pg.Pool;

  before(async () => {
    mkdirSync(earlier, { recursive: true });
    for (const file of readdirSync(READ_MODEL_MIGRATIONS_DIR).filter((name) => name < BACKFILL_MIGRATION)) {
      copyFileSync(join(READ_MODEL_MIGRATIONS_DIR, file), join(earlier, file));
    }
    await migrateEventStore(db.url, [earlier]);
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    const created = (jobId: string, version: number, retry?: object) => [
      `job/${jobId}`,
      version,
      'JobCreated',
      JSON.stringify({ jobId, ...(retry ? { jobExecutionsRetryConfig: retry } : {}) }),
    ];
    for (const [stream, version, type, data] of [
      created('with-retries', 1, RETRY_ALL),
      created('without', 1),
      created('reused', 1, { criteriaList: [{ failureType: 'FAILED', numberOfRetries: 1 }] }),
      ['job/reused', 2, 'JobDeleted', '{"jobId":"reused"}'],
      created('reused', 3),
    ]) {
      await pool.query(`INSERT INTO es_events (stream_id, stream_version, event_id, event_type, data) VALUES ($1, $2, gen_random_uuid(), $3, $4)`, [
        stream,
        version,
        type,
        data,
      ]);
    }
    await pool.query(
      `INSERT INTO job_view (job_id, stream_version, status, target_selection, targets, created_at, last_updated_at)
       SELECT id, 1, 'IN_PROGRESS', 'SNAPSHOT', '[]', now(), now() FROM unnest(ARRAY['with-retries', 'without', 'reused']) AS id`,
    );
    await migrateEventStore(db.url, [READ_MODEL_MIGRATIONS_DIR]);
  });
  after(async () => {
    await pool?.end();
    await db.drop();
    rmSync(join(earlier, '..', '..'), { recursive: true, force: true });
  });

  it('takes the retry config of the latest JobCreated, and leaves jobs without one without', async () => {
    const readModel = new PgJobsReadModel(pool, IDENTITY);
    assert.deepEqual((await readModel.findJob('with-retries'))?.jobExecutionsRetryConfig, RETRY_ALL);
    assert.equal((await readModel.findJob('without'))?.jobExecutionsRetryConfig, undefined);
    assert.equal((await readModel.findJob('reused'))?.jobExecutionsRetryConfig, undefined, 'the job created again had none');
  });
});
