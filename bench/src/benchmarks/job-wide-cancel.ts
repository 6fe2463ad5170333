import { CancelJobCommand } from '@aws-sdk/client-iot';
import pg from 'pg';
import { freshDatabase } from '#testing';
import type { BenchContext } from '../support/context.js';
import { replayPerThing, type LoadResult } from '../support/load.js';
import { controlPlane, createJob, thingArn, thingNames } from '../support/population.js';
import type { BenchmarkResult } from '../support/report.js';
import { captureCancelJobExecution } from '../support/sdk-wire.js';
import { startJobsService } from '../support/services.js';

const CONNECTIONS = 16;

/**
 * Benchmark 7: CancelJob on a job with many executions while other traffic runs. CancelJob only
 * cancels the job; a reaction cancels the executions in the background, paced. Reported: how long
 * until every execution is CANCELED (and the rate that makes), and the p99 of other traffic (the
 * cancel benchmark's CancelJobExecution at c=16) while the sweep runs, against the same traffic
 * with no sweep running, in the same run.
 */
export async function jobWideCancelBenchmark(context: BenchContext): Promise<BenchmarkResult[]> {
  const { jobWideExecutions: executions, jobWideOtherCancels: others } = context.sizes;
  const db = await freshDatabase('bench_job_wide');
  const service = await startJobsService(db.url, { JOB_WIDE_WORK_EXECUTIONS_PER_SECOND: String(context.sizes.jobWideRate) });
  const cp = controlPlane(service.url);
  const sql = new pg.Pool({ connectionString: db.url, max: 2 });
  try {
    context.log(`job-wide cancel: ${executions} executions, ${others} other cancels per side`);
    const bigJob = 'bench-big-job';
    await createJob(cp, bigJob, ['big-0']);
    await addQueuedExecutions(sql, bigJob, 'big-', 1, executions - 1);
    const warm = await queued(cp, 'bench-other-warm', 'ow', others);
    const quiet = await queued(cp, 'bench-other-quiet', 'oq', others);
    const busy = await queued(cp, 'bench-other-busy', 'ob', others);
    const quietWire = await captureCancelJobExecution('bench-other-quiet', false);
    const busyWire = await captureCancelJobExecution('bench-other-busy', false);

    // Unmeasured first: a cold service (new connections, code not yet optimised) would make the
    // side measured first look slow.
    checked(await replayPerThing(service.url, await captureCancelJobExecution('bench-other-warm', false), warm, CONNECTIONS));
    const alone = checked(await replayPerThing(service.url, quietWire, quiet, CONNECTIONS));
    const started = performance.now();
    await cp.send(new CancelJobCommand({ jobId: bigJob }));
    const answeredMs = performance.now() - started;
    const during = checked(await replayPerThing(service.url, busyWire, busy, CONNECTIONS));
    const sweptMs = (await untilCanceled(sql, bigJob, executions)) - started;
    return [
      {
        name: `7. CancelJob on a ${executions.toLocaleString('en')}-execution job, other traffic meanwhile`,
        figures: [
          { metric: 'CancelJob answer', unit: 'ms', value: answeredMs, target: '<= 1000 ms' },
          { metric: 'every execution CANCELED after', unit: 's', value: sweptMs / 1000 },
          {
            metric: 'sweep rate',
            unit: 'exec/s',
            value: (executions * 1000) / sweptMs,
            baseline: context.sizes.jobWideRate,
            baselineName: 'configured rate',
          },
          { metric: `other cancels c=${CONNECTIONS} p99`, unit: 'ms', value: during.p99Ms, baseline: alone.p99Ms, baselineName: 'no sweep running' },
          {
            metric: `other cancels c=${CONNECTIONS} throughput`,
            unit: 'req/s',
            value: during.throughput,
            baseline: alone.throughput,
            baselineName: 'no sweep running',
          },
        ],
        notes: [
          `JOB_WIDE_WORK_EXECUTIONS_PER_SECOND=${context.sizes.jobWideRate}; the big job's executions were queued by SQL (CreateJob takes 10,000 targets)`,
          `other traffic: ${others} CancelJobExecution per side on a job of their own`,
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

async function queued(cp: ReturnType<typeof controlPlane>, jobId: string, prefix: string, count: number): Promise<string[]> {
  const things = thingNames(prefix, count);
  await createJob(cp, jobId, things);
  return things;
}

/** Executions exactly as the service stores them (stream, event, view row), in bulk. */
async function addQueuedExecutions(sql: pg.Pool, jobId: string, prefix: string, from: number, count: number): Promise<void> {
  const client = await sql.connect();
  try {
    await client.query('BEGIN');
    const things = `generate_series($2::int, $2::int + $3::int - 1) i`;
    await client.query(
      `INSERT INTO es_streams (stream_id, stream_type, version) SELECT 'job-execution/' || $1 || '/' || $4 || i, 'job-execution', 1 FROM ${things}`,
      [jobId, from, count, prefix],
    );
    await client.query(
      `INSERT INTO es_events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at)
       SELECT 'job-execution/' || $1 || '/' || $4 || i, 1, gen_random_uuid(), 'JobExecutionQueued', 1,
              jsonb_build_object('jobId', $1::text, 'thingName', $4 || i, 'executionNumber', 1, 'versionNumber', 1,
                'status', 'QUEUED', 'at', now(), 'actor', 'bench', 'thingArn', $5 || i, 'retryAttempt', 0),
              '{"actor":"bench"}', now()
         FROM ${things}`,
      [jobId, from, count, prefix, thingArn(prefix)],
    );
    await client.query(
      `INSERT INTO job_execution_view (job_id, thing_name, execution_number, stream_version, is_latest, thing_arn, status,
         version_number, retry_attempt, queued_at, last_updated_at)
       SELECT $1, $4 || i, 1, 1, true, $5 || i, 'QUEUED', 1, 0, now(), now() FROM ${things}`,
      [jobId, from, count, prefix, thingArn(prefix)],
    );
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}

/** performance.now() when the job's executions were all CANCELED (polled every 50 ms). */
async function untilCanceled(sql: pg.Pool, jobId: string, executions: number): Promise<number> {
  const deadline = Date.now() + 30 * 60_000;
  while (Date.now() < deadline) {
    const { rows } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM job_execution_view WHERE job_id = $1 AND status = 'CANCELED'`, [
      jobId,
    ]);
    if (rows[0]!.n === executions) return performance.now();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${jobId}: not every execution canceled within 30 minutes`);
}

function checked(result: LoadResult): LoadResult {
  if (Object.keys(result.unexpected).length > 0) throw new Error(`unexpected responses ${JSON.stringify(result.unexpected)}`);
  return result;
}
