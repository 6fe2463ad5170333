import { CancelJobCommand, CreateJobCommand, type IoTClient } from '@aws-sdk/client-iot';
import pg from 'pg';
import { freshDatabase } from '#testing';
import type { BenchContext } from '../support/context.js';
import { registerFleet, untilSubscriptionsPast } from '../support/fleet.js';
import { replayPerThing, type LoadResult } from '../support/load.js';
import { controlPlane, createJob, thingNames } from '../support/population.js';
import type { BenchmarkResult, Figure } from '../support/report.js';
import { captureCancelJobExecution } from '../support/sdk-wire.js';
import { startJobsService } from '../support/services.js';
import { vacuum } from '../support/vacuum.js';

const CONNECTIONS = 16;
const GROUP = 'bench-paced-fleet';
/** A busy run starts this long before the rollout's next chunk is due, so that the chunk lands inside it. */
const LEAD_MS = 300;
/** The unmeasured burst before each measured run starts this long before it (the burst itself takes about a second). */
const BURST_LEAD_MS = 4000;

interface Run {
  side: 'quiet' | 'paced';
  load: LoadResult;
  /** Executions the paced rollout queued while the run was measured. */
  rolledOut: number;
}

/**
 * Benchmark 10 (b): what a running paced rollout costs other traffic. The cancel benchmark's
 * CancelJobExecution at c=16 (4,000 cancels, each side on executions of its own) runs in turns:
 * with no rollout in progress, and while a job on a group of many things rolls out at
 * maximumPerMinute (its timer sweep running, and a timer-fired chunk landing inside the measured
 * run). Each side twice, alternating; every figure with its spread.
 */
export async function pacingCost(context: BenchContext, sweepIntervalMs: number): Promise<BenchmarkResult> {
  const {
    rolloutCostThings: things,
    rolloutCostPerMinute: perMinute,
    rolloutCostCancels: cancels,
    rolloutCostWaitForTimer: waitForTimer,
  } = context.sizes;
  const warmup = Math.max(16, Math.round(cancels / 4));
  const db = await freshDatabase('bench_rollout_cost');
  const service = await startJobsService(db.url, { TIMEOUT_SWEEP_INTERVAL_MS: String(sweepIntervalMs) });
  const cp = controlPlane(service.url);
  const sql = new pg.Pool({ connectionString: db.url, max: 2 });
  try {
    context.log(`rollout cost: registering ${things} things; ${cancels} cancels per run at c=${CONNECTIONS}`);
    const { groupArn, txid } = await registerFleet(cp, sql, GROUP, 'paced', things);
    await untilSubscriptionsPast(sql, txid, 120_000);
    const warm = await queued(cp, 'bench-cost-warm', 'cw', cancels);
    checked(await replayPerThing(service.url, await captureCancelJobExecution('bench-cost-warm', false), warm, CONNECTIONS));

    const runs: Run[] = [];
    for (let turn = 1; turn <= 2; turn++) {
      context.log(`rollout cost: turn ${turn}, no rollout`);
      const quietJob = `bench-cost-quiet-${turn}`;
      const quietThings = await queued(cp, quietJob, `cq${turn}`, cancels);
      const quietBurst = await burst(cp, `quiet-${turn}`, warmup);
      await vacuum(db.url);
      await quietBurst.run(service.url);
      runs.push({
        side: 'quiet',
        load: checked(await replayPerThing(service.url, await captureCancelJobExecution(quietJob, false), quietThings, CONNECTIONS)),
        rolledOut: 0,
      });

      context.log(
        `rollout cost: turn ${turn}, paced rollout of ${things} things at ${perMinute}/min${waitForTimer ? ' (waiting for its timer)' : ''}`,
      );
      const busyJob = `bench-cost-busy-${turn}`;
      const busyThings = await queued(cp, busyJob, `cb${turn}`, cancels);
      const wire = await captureCancelJobExecution(busyJob, false);
      const pacedJob = `bench-cost-paced-${turn}`;
      const busyBurst = await burst(cp, `busy-${turn}`, warmup);
      await vacuum(db.url);
      let started: Promise<void>;
      if (waitForTimer) {
        started = startPaced(cp, pacedJob, groupArn, perMinute);
        await started;
        const startAt = (await nextDue(sql, pacedJob)) - LEAD_MS;
        await until(startAt - BURST_LEAD_MS);
        await busyBurst.run(service.url);
        await until(startAt);
      } else {
        await busyBurst.run(service.url);
        // Smoke sizes: the first chunk (the rollout reaction's, not the timer's) lands inside the run.
        started = new Promise((resolve) => setTimeout(resolve, 0)).then(() => startPaced(cp, pacedJob, groupArn, perMinute));
      }
      const from = Date.now();
      const load = checked(await replayPerThing(service.url, wire, busyThings, CONNECTIONS));
      const to = Date.now();
      await started;
      runs.push({ side: 'paced', load, rolledOut: await queuedBetween(sql, pacedJob, from, to) });
      await stopPaced(cp, sql, pacedJob);
    }
    return {
      name: `10. CancelJobExecution c=${CONNECTIONS} while a paced rollout runs`,
      figures: costFigures(runs),
      notes: costNotes(runs, things, perMinute, sweepIntervalMs, warmup),
    };
  } finally {
    cp.destroy();
    await sql.end();
    await service.stop();
    await db.drop();
  }
}

/**
 * An unmeasured burst of cancels at the measured concurrency on executions of its own, run right
 * before each measured run on both sides. The paced side waits a minute for its timer, and the
 * service's pool closes connections idle for 10 s: without it, that side's run would open
 * connections and prepare statements again, and measure that instead of the rollout.
 */
async function burst(cp: IoTClient, name: string, count: number): Promise<{ run(url: string): Promise<void> }> {
  const jobId = `bench-cost-burst-${name}`;
  const things = await queued(cp, jobId, `cw-${name}`, count);
  const wire = await captureCancelJobExecution(jobId, false);
  return {
    run: async (url) => {
      checked(await replayPerThing(url, wire, things, CONNECTIONS));
    },
  };
}

function until(at: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
}

function costFigures(runs: Run[]): Figure[] {
  const side = (name: Run['side'], pick: (load: LoadResult) => number) => runs.filter((run) => run.side === name).map((run) => pick(run.load));
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  const figure = (metric: string, unit: string, pick: (load: LoadResult) => number): Figure => ({
    metric: `c=${CONNECTIONS} ${metric}, mean of 2`,
    unit,
    value: mean(side('paced', pick)),
    baseline: mean(side('quiet', pick)),
    baselineName: 'no rollout',
    target: 'within noise',
  });
  return [
    figure('throughput', 'req/s', (load) => load.throughput),
    figure('p50', 'ms', (load) => load.p50Ms),
    figure('p99', 'ms', (load) => load.p99Ms),
  ];
}

function costNotes(runs: Run[], things: number, perMinute: number, sweepIntervalMs: number, warmup: number): string[] {
  const line = (run: Run, i: number) =>
    `run ${i + 1} ${run.side.padEnd(5)}: ${run.load.throughput.toFixed(0)} req/s, p50 ${run.load.p50Ms.toFixed(1)} ms, p99 ${run.load.p99Ms.toFixed(1)} ms` +
    (run.side === 'paced' ? `; the rollout queued ${run.rolledOut} executions during the run` : '');
  const spread = (side: Run['side'], pick: (load: LoadResult) => number, digits: number) => {
    const values = runs.filter((run) => run.side === side).map((run) => pick(run.load));
    return `${Math.min(...values).toFixed(digits)}-${Math.max(...values).toFixed(digits)}`;
  };
  return [
    `spread: throughput ${spread('quiet', (l) => l.throughput, 0)} req/s with no rollout, ${spread('paced', (l) => l.throughput, 0)} with it; ` +
      `p99 ${spread('quiet', (l) => l.p99Ms, 1)} ms with no rollout, ${spread('paced', (l) => l.p99Ms, 1)} with it`,
    `paced side: CreateJob on a group of ${things} registered things, maximumPerMinute ${perMinute}, sweep every ${sweepIntervalMs} ms; each run cancels its own ${runs[0]!.load.requests} executions; the database is vacuumed before each run, and each run follows an unmeasured burst of ${warmup} cancels`,
    ...runs.map(line),
  ];
}

async function queued(cp: IoTClient, jobId: string, prefix: string, count: number): Promise<string[]> {
  const things = thingNames(prefix, count);
  await createJob(cp, jobId, things);
  return things;
}

async function startPaced(cp: IoTClient, jobId: string, groupArn: string, perMinute: number): Promise<void> {
  await cp.send(
    new CreateJobCommand({
      jobId,
      targets: [groupArn],
      document: JSON.stringify({ operation: 'bench' }),
      jobExecutionsRolloutConfig: { maximumPerMinute: perMinute },
    }),
  );
}

/** When the rollout's next chunk is due (ms since the epoch), once its first chunk is stored. */
async function nextDue(sql: pg.Pool, jobId: string): Promise<number> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const { rows } = await sql.query<{ due: Date | null }>(`SELECT rollout_next_at AS due FROM job_view WHERE job_id = $1`, [jobId]);
    const due = rows[0]?.due;
    if (due && due.getTime() > Date.now()) return due.getTime();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${jobId}: its first chunk was not stored within 60 s`);
}

/** Executions of the job queued between two wall-clock instants (by the events' own `at`). */
async function queuedBetween(sql: pg.Pool, jobId: string, from: number, to: number): Promise<number> {
  const { rows } = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM job_execution_view WHERE job_id = $1 AND queued_at >= $2 AND queued_at <= $3`,
    [jobId, new Date(from), new Date(to)],
  );
  return rows[0]!.n;
}

/**
 * CancelJob stops the rollout; the job-wide sweep then cancels its QUEUED executions. Waits until
 * it did, so that the next quiet run has no rollout work in the background.
 */
async function stopPaced(cp: IoTClient, sql: pg.Pool, jobId: string): Promise<void> {
  await cp.send(new CancelJobCommand({ jobId }));
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const { rows } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM job_execution_view WHERE job_id = $1 AND status = 'QUEUED'`, [
      jobId,
    ]);
    const { rows: job } = await sql.query<{ pending: boolean }>(`SELECT rollout_next_at IS NOT NULL AS pending FROM job_view WHERE job_id = $1`, [
      jobId,
    ]);
    if (rows[0]!.n === 0 && job[0]?.pending === false) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${jobId}: its executions were not all canceled within 2 minutes`);
}

function checked(result: LoadResult): LoadResult {
  if (Object.keys(result.unexpected).length > 0) throw new Error(`unexpected responses ${JSON.stringify(result.unexpected)}`);
  return result;
}
