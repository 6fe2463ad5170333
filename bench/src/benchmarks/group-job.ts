import { writeFileSync } from 'node:fs';
import { CreateJobCommand } from '@aws-sdk/client-iot';
import pg from 'pg';
import { freshDatabase } from '#testing';
import type { BenchContext } from '../support/context.js';
import { fleetThingName, registerFleet, untilSubscriptionsPast } from '../support/fleet.js';
import { controlPlane } from '../support/population.js';
import type { BenchmarkResult } from '../support/report.js';
import { startJobsService } from '../support/services.js';

const GROUP = 'bench-fleet';
const JOB = 'bench-group-job';
const BASELINE_JOB = 'bench-group-baseline';

/**
 * Benchmark 9: CreateJob targeting one static group of many registered things. CreateJob answers
 * once the job is stored; a reaction then queues the members' executions in chunks of
 * ROLLOUT_CHUNK_SIZE. Reported: the answer's latency, the time until every execution is in the
 * read model (against one SQL statement inserting the same rows), and the service's peak RSS
 * while it rolls out (the peak is reset after the fleet is registered, where the kernel allows).
 */
export async function groupJobBenchmark(context: BenchContext): Promise<BenchmarkResult[]> {
  const things = context.sizes.groupJobThings;
  const db = await freshDatabase('bench_group_job');
  const service = await startJobsService(db.url);
  const cp = controlPlane(service.url);
  const sql = new pg.Pool({ connectionString: db.url, max: 2 });
  try {
    context.log(`group job: registering ${things} things in ${GROUP}`);
    const { groupArn, txid } = await registerFleet(cp, sql, GROUP, 'fleet', things);
    // The service's subscriptions read the registry's events too: let them pass before measuring.
    const settled = await untilSubscriptionsPast(sql, txid, 120_000);
    const peakReset = resetPeakRss(service.pid);
    context.log(`group job: subscriptions ${settled ? 'past the fleet' : 'still behind after 2 min'}; CreateJob`);

    const started = performance.now();
    await cp.send(new CreateJobCommand({ jobId: JOB, targets: [groupArn], document: JSON.stringify({ operation: 'bench' }) }));
    const answeredMs = performance.now() - started;
    const queryableMs = (await untilExecutions(sql, JOB, things)) - started;
    const peakRssMb = service.peakRssMb();
    await assertOncePerThing(sql, JOB, things);
    await service.stop();

    const baselineMs = await insertLikeTheService(sql, JOB, BASELINE_JOB, fleetThingName('fleet', 1));
    await untilExecutions(sql, BASELINE_JOB, things);
    return [
      {
        name: `9. CreateJob on a group of ${things.toLocaleString('en')} things`,
        figures: [
          { metric: 'CreateJob answer', unit: 'ms', value: answeredMs, target: '<= 1000 ms' },
          {
            metric: `all ${things.toLocaleString('en')} executions queryable`,
            unit: 'ms',
            value: queryableMs,
            baseline: baselineMs,
            baselineName: 'one SQL statement, same rows',
            target: '<= 30000 ms',
          },
          { metric: 'service peak RSS', unit: 'MB', value: peakRssMb, target: '<= 300 MB' },
        ],
        notes: [
          `the fleet was registered by SQL as copies of one thing the service registered (stream, events, thing_view, membership)`,
          `ROLLOUT_CHUNK_SIZE at its default; peak RSS ${peakReset ? 'reset after registering the fleet' : 'since the service started (clear_refs refused)'}`,
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

/** Resets the kernel's peak RSS (VmHWM) of a process to its current RSS; false where not allowed. */
function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** performance.now() when the job has `count` rows in job_execution_view (polled every 100 ms). */
async function untilExecutions(sql: pg.Pool, jobId: string, count: number): Promise<number> {
  const deadline = Date.now() + 10 * 60_000;
  while (Date.now() < deadline) {
    const { rows } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM job_execution_view WHERE job_id = $1`, [jobId]);
    if (rows[0]!.n === count) return performance.now();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${jobId}: not all ${count} executions within 10 minutes`);
}

async function assertOncePerThing(sql: pg.Pool, jobId: string, count: number): Promise<void> {
  const { rows } = await sql.query<{ events: number; things: number }>(
    `SELECT count(*)::int AS events, count(DISTINCT data->>'thingName')::int AS things FROM es_events
      WHERE event_type = 'JobExecutionQueued' AND stream_id LIKE $1`,
    [`job-execution/${jobId}/%`],
  );
  if (rows[0]!.events !== count || rows[0]!.things !== count) throw new Error(`${jobId}: ${JSON.stringify(rows[0])} queued, expected ${count}`);
}

/**
 * The baseline: one statement inserting, for every member of the group, the rows the service
 * wrote for the job's first thing (its stream, its JobExecutionQueued event, its view row), under
 * another job id. Returns its duration in ms.
 */
async function insertLikeTheService(sql: pg.Pool, sourceJob: string, jobId: string, firstThing: string): Promise<number> {
  const columns = (
    await sql.query<{ name: string }>(
      `SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'job_execution_view' AND is_identity = 'NO' AND is_generated = 'NEVER' ORDER BY ordinal_position`,
    )
  ).rows.map((row) => row.name);
  const replaced: Record<string, string> = { job_id: '$1::text', thing_name: 'm.thing_name', thing_arn: `replace(v.thing_arn, $4, m.thing_name)` };
  const select = columns.map((column) => replaced[column] ?? `v.${column}`).join(', ');
  const started = performance.now();
  await sql.query(
    `WITH m AS (SELECT thing_name FROM thing_group_membership WHERE group_name = $3),
          template AS (SELECT * FROM es_events WHERE stream_id = 'job-execution/' || $2 || '/' || $4),
          s AS (INSERT INTO es_streams (stream_id, stream_type, version)
                SELECT 'job-execution/' || $1 || '/' || m.thing_name, 'job-execution', 1 FROM m),
          e AS (INSERT INTO es_events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at)
                SELECT 'job-execution/' || $1 || '/' || m.thing_name, 1, gen_random_uuid(), t.event_type, t.schema_version,
                       t.data || jsonb_build_object('jobId', $1::text, 'thingName', m.thing_name,
                         'thingArn', replace(t.data->>'thingArn', $4, m.thing_name), 'at', now()),
                       t.metadata, now()
                  FROM m, template t)
     INSERT INTO job_execution_view (${columns.join(', ')})
     SELECT ${select} FROM m, job_execution_view v WHERE v.job_id = $2 AND v.thing_name = $4`,
    [jobId, sourceJob, GROUP, firstThing],
  );
  return performance.now() - started;
}
