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
/** The run between two chunks starts this long after the first chunk (its events read by the reactions by then). */
const SETTLE_MS = 10_000;

interface Run {
  /** No rollout; a paced rollout in progress between two chunks; a paced rollout whose timer-fired chunk lands in the run. */
  side: 'quiet' | 'between' | 'chunk';
  load: LoadResult;
  /** Executions the paced rollout queued while the run was measured. */
  rolledOut: number;
}

/**
 * Benchmark 10 (b): what a running paced rollout costs other traffic. The cancel benchmark's
 * CancelJobExecution at c=16 (4,000 cancels, each run on executions of its own) runs in turns:
 * with no rollout in progress; while a job on a group of many things rolls out at
 * maximumPerMinute, between two of its chunks (the pacing alone: its sweeps and wake-ups); and
 * with one of its timer-fired chunks landing inside the run. Each side twice; every figure with
 * its spread.
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
    // The service's CPU per cancel keeps falling for several thousand cancels after start (BENCHMARKS.md, seventh round).
    const warm = await queued(cp, 'bench-cost-warm', 'cw', 2 * cancels);
    checked(await replayPerThing(service.url, await captureCancelJobExecution('bench-cost-warm', false), warm, CONNECTIONS));

    const runs: Run[] = [];
    /** One measured run: `prepare` (default: VACUUM), the unmeasured burst, then (not before `startAt`) the cancels. */
    const measured = async (side: Run['side'], turn: number, pacedJob?: string, prepare?: () => Promise<void>, startAt = 0): Promise<void> => {
      const jobId = `bench-cost-${side}-${turn}`;
      const things = await queued(cp, jobId, `c${side[0]}${turn}`, cancels);
      const wire = await captureCancelJobExecution(jobId, false);
      const warmBurst = await burst(cp, `${side}-${turn}`, warmup);
      await (prepare ?? (() => vacuum(db.url)))();
      await warmBurst.run(service.url);
      await until(startAt);
      const from = Date.now();
      const load = checked(await replayPerThing(service.url, wire, things, CONNECTIONS));
      const to = Date.now();
      runs.push({ side, load, rolledOut: pacedJob === undefined ? 0 : await queuedBetween(sql, pacedJob, from, to) });
    };
    for (let turn = 1; turn <= 2; turn++) {
      context.log(`rollout cost: turn ${turn}, no rollout`);
      await measured('quiet', turn);
      const pacedJob = `bench-cost-paced-${turn}`;
      context.log(`rollout cost: turn ${turn}, paced rollout of ${things} things at ${perMinute}/min`);
      if (waitForTimer) {
        await vacuum(db.url);
        await startPaced(cp, pacedJob, groupArn, perMinute);
        const due = await nextDue(sql, pacedJob);
        // Between chunks: the first chunk's events read by every reaction, the next one a minute away.
        await until(due - 60_000 + SETTLE_MS);
        await measured('between', turn, pacedJob, async () => undefined);
        const startAt = due - LEAD_MS;
        await measured(
          'chunk',
          turn,
          pacedJob,
          async () => {
            await vacuum(db.url);
            await until(startAt - BURST_LEAD_MS);
          },
          startAt,
        );
      } else {
        // Smoke sizes: the first chunk (the rollout reaction's, not the timer's) lands in the run.
        await measured('chunk', turn, pacedJob, async () => {
          await vacuum(db.url);
          setTimeout(() => startPaced(cp, pacedJob, groupArn, perMinute).catch(() => undefined), 50);
        });
        await nextDue(sql, pacedJob);
        await measured('between', turn, pacedJob, async () => undefined);
      }
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
  const figure = (during: Run['side'], metric: string, unit: string, pick: (load: LoadResult) => number): Figure => ({
    metric: `c=${CONNECTIONS} ${metric}, ${during === 'chunk' ? 'a chunk landing' : 'between chunks'}, mean of 2`,
    unit,
    value: mean(side(during, pick)),
    baseline: mean(side('quiet', pick)),
    baselineName: 'no rollout',
    target: 'within noise',
  });
  return (['between', 'chunk'] as const).flatMap((during) => [
    figure(during, 'throughput', 'req/s', (load) => load.throughput),
    figure(during, 'p50', 'ms', (load) => load.p50Ms),
    figure(during, 'p99', 'ms', (load) => load.p99Ms),
  ]);
}

function costNotes(runs: Run[], things: number, perMinute: number, sweepIntervalMs: number, warmup: number): string[] {
  const line = (run: Run, i: number) =>
    `run ${i + 1} ${run.side.padEnd(7)}: ${run.load.throughput.toFixed(0)} req/s, p50 ${run.load.p50Ms.toFixed(1)} ms, p99 ${run.load.p99Ms.toFixed(1)} ms` +
    (run.side === 'quiet' ? '' : `; the rollout queued ${run.rolledOut} executions during the run`);
  const spread = (side: Run['side'], pick: (load: LoadResult) => number, digits: number) => {
    const values = runs.filter((run) => run.side === side).map((run) => pick(run.load));
    return `${Math.min(...values).toFixed(digits)}-${Math.max(...values).toFixed(digits)}`;
  };
  const sides = ['quiet', 'between', 'chunk'] as const;
  return [
    `spread (no rollout / between chunks / a chunk landing): throughput ${sides.map((s) => spread(s, (l) => l.throughput, 0)).join(' / ')} req/s; ` +
      `p99 ${sides.map((s) => spread(s, (l) => l.p99Ms, 1)).join(' / ')} ms`,
    `paced: CreateJob on a group of ${things} registered things, maximumPerMinute ${perMinute}, sweep every ${sweepIntervalMs} ms; each run cancels its own ${runs[0]!.load.requests} executions right after an unmeasured burst of ${warmup}; the database is vacuumed before the no-rollout run and before the rollout starts`,
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
