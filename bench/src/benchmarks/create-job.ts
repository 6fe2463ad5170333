import { DescribeJobExecutionCommand } from '@aws-sdk/client-iot';
import pg from 'pg';
import { freshDatabase } from '#testing';
import type { BenchContext } from '../support/context.js';
import { controlPlane, createJob, thingArn, thingNames } from '../support/population.js';
import type { BenchmarkResult } from '../support/report.js';
import { startJobsService } from '../support/services.js';
import { msSince } from '../support/stats.js';

/**
 * Benchmark 3: CreateJob with N thing targets through the SDK, timed until every execution is
 * queryable (all N rows in job_execution_view and the last thing's execution answers
 * DescribeJobExecution). Baseline: the same three tables filled by one plain SQL transaction.
 */
export async function createJobBenchmark(context: BenchContext): Promise<BenchmarkResult[]> {
  const targets = context.sizes.createJobTargets;
  const db = await freshDatabase('bench_create');
  const service = await startJobsService(db.url);
  const cp = controlPlane(service.url);
  const sql = new pg.Pool({ connectionString: db.url, max: 1 });
  try {
    // A warm-up job so that the timed one does not pay for the first request's lazy set-up.
    await createJob(cp, 'bench-warm-up', thingNames('warm', 10));
    const things = thingNames('jthing', targets);
    context.log(`create job: ${targets} targets`);
    const started = process.hrtime.bigint();
    await createJob(cp, 'bench-create', things);
    await untilQueryable(cp, sql, 'bench-create', things);
    const serviceMs = msSince(started);
    const baselineMs = await plainSqlCreate(sql, 'bench-plain', targets);
    return [
      {
        name: `3. CreateJob with ${targets} thing targets: time until every execution is queryable`,
        notes: ['baseline: one transaction inserting the same stream, event and view rows with generate_series'],
        figures: [
          {
            metric: 'time to queryable',
            unit: 'ms',
            value: serviceMs,
            baseline: baselineMs,
            baselineName: 'plain SQL',
            target: targets >= 10_000 ? '<= 3000 ms' : undefined,
          },
        ],
      },
    ];
  } finally {
    cp.destroy();
    await sql.end();
    await service.stop();
    await db.drop();
  }
}

async function untilQueryable(cp: ReturnType<typeof controlPlane>, sql: pg.Pool, jobId: string, things: string[]): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const { rows } = await sql.query<{ n: string }>('SELECT count(*) AS n FROM job_execution_view WHERE job_id = $1', [jobId]);
    if (Number(rows[0]!.n) === things.length) {
      await cp.send(new DescribeJobExecutionCommand({ jobId, thingName: things.at(-1)! }));
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${jobId}: executions not queryable within 120 s`);
}

/** The database limit: N streams, N events and N view rows (plus the job) in one transaction. */
async function plainSqlCreate(sql: pg.Pool, jobId: string, targets: number): Promise<number> {
  const client = await sql.connect();
  try {
    const started = process.hrtime.bigint();
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO es_streams (stream_id, stream_type, version)
       SELECT 'job-execution/' || $1 || '/pthing-' || i, 'job-execution', 1 FROM generate_series(1, $2::int) i`,
      [jobId, targets],
    );
    await client.query(
      `INSERT INTO es_events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at)
       SELECT 'job-execution/' || $1 || '/pthing-' || i, 1, gen_random_uuid(), 'JobExecutionQueued', 1,
              jsonb_build_object('jobId', $1::text, 'thingName', 'pthing-' || i, 'executionNumber', 1, 'versionNumber', 1,
                'status', 'QUEUED', 'at', now(), 'actor', 'bench', 'thingArn', $3 || i, 'retryAttempt', 0),
              '{"actor":"bench"}', now()
         FROM generate_series(1, $2::int) i`,
      [jobId, targets, thingArn('pthing-')],
    );
    await client.query(
      `INSERT INTO job_execution_view (job_id, thing_name, execution_number, stream_version, is_latest, thing_arn, status,
         version_number, retry_attempt, queued_at, last_updated_at)
       SELECT $1, 'pthing-' || i, 1, 1, true, $3 || i, 'QUEUED', 1, 0, now(), now() FROM generate_series(1, $2::int) i`,
      [jobId, targets, thingArn('pthing-')],
    );
    await client.query('COMMIT');
    return msSince(started);
  } finally {
    client.release();
  }
}
