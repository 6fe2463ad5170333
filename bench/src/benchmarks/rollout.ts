import { CreateJobCommand, type IoTClient } from '@aws-sdk/client-iot';
import pg from 'pg';
import type { JobExecutionsRolloutConfig } from '#jobs/domain';
import { freshDatabase } from '#testing';
import type { BenchContext } from '../support/context.js';
import { controlPlane, thingArn, thingNames } from '../support/population.js';
import type { BenchmarkResult, Figure } from '../support/report.js';
import {
  achievedPerMinute,
  busiestWindow,
  idealChunks,
  rounds,
  storedChunks,
  timerLateness,
  type RolloutChunk,
} from '../support/rollout-schedule.js';
import { startJobsService } from '../support/services.js';
import { percentile } from '../support/stats.js';
import { pacingCost } from './rollout-cost.js';

/** The sweep that fires rollout timers, as deployed (the service's default). */
export const SWEEP_INTERVAL_MS = 5000;
/** Executions one chunk queues at most, as deployed (ROLLOUT_CHUNK_SIZE's default). */
const CHUNK_SIZE = 1000;

interface PacedJob {
  jobId: string;
  targets: number;
  config: JobExecutionsRolloutConfig;
}

/**
 * Benchmark 10: paced rollouts (docs/aws-behaviour.md §19) on the wall clock. (a) Jobs with
 * `maximumPerMinute` and one with `exponentialRate` roll out side by side on one service; the
 * rate each achieved (from its stored chunks) against the configured one, the schedule the domain's
 * arithmetic predicts with a punctual timer, and how late the timer fired each chunk. (b) The
 * cancel benchmark's CancelJobExecution at c=16 with and without a large paced rollout running.
 */
export async function rolloutBenchmark(context: BenchContext): Promise<BenchmarkResult[]> {
  return [await achievedRates(context), await pacingCost(context, SWEEP_INTERVAL_MS)];
}

async function achievedRates(context: BenchContext): Promise<BenchmarkResult> {
  const { rolloutRates, rolloutExponential } = context.sizes;
  const jobs: PacedJob[] = [
    ...rolloutRates.map(({ perMinute, targets }) => ({ jobId: `bench-rate-${perMinute}`, targets, config: { maximumPerMinute: perMinute } })),
    {
      jobId: 'bench-rate-exponential',
      targets: rolloutExponential.targets,
      config: {
        exponentialRate: {
          baseRatePerMinute: rolloutExponential.base,
          incrementFactor: rolloutExponential.factor,
          rateIncreaseCriteria: { numberOfNotifiedThings: rolloutExponential.notifiedPerStep },
        },
      },
    },
  ];
  const db = await freshDatabase('bench_rollout_rate');
  const service = await startJobsService(db.url, { TIMEOUT_SWEEP_INTERVAL_MS: String(SWEEP_INTERVAL_MS), ROLLOUT_CHUNK_SIZE: String(CHUNK_SIZE) });
  const cp = controlPlane(service.url);
  const sql = new pg.Pool({ connectionString: db.url, max: 2 });
  try {
    const longestMs = Math.max(...jobs.map((job) => idealChunks(job.config, job.targets, CHUNK_SIZE).at(-1)!.atMs));
    context.log(`rollout: ${jobs.length} paced jobs side by side, about ${Math.round(longestMs / 1000)} s`);
    for (const job of jobs) await createPacedJob(cp, job);
    const deadline = Date.now() + longestMs + 3 * 60_000;
    for (const job of jobs) await untilQueued(sql, job, deadline);
    const figures: Figure[] = [];
    const notes: string[] = [
      `wall clock; rollout timers fired by the service's sweep every ${SWEEP_INTERVAL_MS} ms (TIMEOUT_SWEEP_INTERVAL_MS); ROLLOUT_CHUNK_SIZE=${CHUNK_SIZE}`,
      `times are the service's own, from each job's JobRolloutAdvanced events; achieved rate = targets notified before the last round / (last round - first round)`,
    ];
    const lateness: number[] = [];
    for (const job of jobs) {
      const chunks = await storedChunks(sql, job.jobId);
      const ideal = idealChunks(job.config, job.targets, CHUNK_SIZE);
      lateness.push(...timerLateness(chunks));
      figures.push(...jobFigures(job, chunks, ideal));
      notes.push(`${job.jobId}: rounds ${describeRounds(chunks)}; punctual timer: ${describeRounds(ideal)}; ${deviation(job, chunks, ideal)}`);
    }
    figures.push(
      { metric: 'timer lateness p50', unit: 'ms', value: percentile(lateness, 50), baseline: SWEEP_INTERVAL_MS, baselineName: 'sweep interval' },
      { metric: 'timer lateness max', unit: 'ms', value: Math.max(...lateness), baseline: SWEEP_INTERVAL_MS, baselineName: 'sweep interval' },
    );
    notes.push(`timer lateness = chunk instant - the nextAt stored before it, over ${lateness.length} timer-fired chunks`);
    return { name: '10. Paced rollout: achieved against configured rate (wall clock)', figures, notes };
  } finally {
    cp.destroy();
    await sql.end();
    await service.stop();
    await db.drop();
  }
}

function jobFigures(job: PacedJob, chunks: RolloutChunk[], ideal: RolloutChunk[]): Figure[] {
  const perMinute = job.config.maximumPerMinute;
  if (perMinute !== undefined) {
    return [
      {
        metric: `achieved rate, maximumPerMinute ${perMinute}`,
        unit: 'per min',
        value: achievedPerMinute(chunks),
        baseline: perMinute,
        baselineName: 'configured',
        target: 'ratio 0.95-1.05',
      },
      {
        metric: `busiest 60 s window, maximumPerMinute ${perMinute}`,
        unit: 'things',
        value: busiestWindow(chunks),
        baseline: perMinute,
        baselineName: 'configured',
        target: '<= configured',
      },
    ];
  }
  const span = (list: RolloutChunk[]) => (list.at(-1)!.atMs - list[0]!.atMs) / 1000;
  return [
    {
      metric: `exponential: first to last round, ${job.targets} things`,
      unit: 's',
      value: span(chunks),
      baseline: span(ideal),
      baselineName: 'punctual timer',
      target: 'ratio 0.95-1.05',
    },
  ];
}

/** The achieved pace against the configured rate (or, for an exponential rate, the punctual schedule), in %. */
function deviation(job: PacedJob, chunks: RolloutChunk[], ideal: RolloutChunk[]): string {
  const percent = (ratio: number) => `${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(1)} %`;
  const perMinute = job.config.maximumPerMinute;
  if (perMinute !== undefined)
    return `achieved ${achievedPerMinute(chunks).toFixed(1)}/min against ${perMinute} configured: ${percent(achievedPerMinute(chunks) / perMinute)}`;
  const span = (list: RolloutChunk[]) => list.at(-1)!.atMs - list[0]!.atMs;
  return `pace against the punctual schedule: ${percent(span(ideal) / span(chunks))}`;
}

/** "100 @0 s, 200 @65.0 s, …": each round's count and its start after the first round. */
function describeRounds(chunks: readonly RolloutChunk[]): string {
  const all = rounds(chunks);
  return all.map((round) => `${round.count} @${((round.atMs - all[0]!.atMs) / 1000).toFixed(1)} s`).join(', ');
}

async function createPacedJob(cp: IoTClient, job: PacedJob): Promise<void> {
  await cp.send(
    new CreateJobCommand({
      jobId: job.jobId,
      targets: thingNames(job.jobId, job.targets).map(thingArn),
      document: JSON.stringify({ operation: 'bench' }),
      jobExecutionsRolloutConfig: job.config,
    }),
  );
}

async function untilQueued(sql: pg.Pool, job: PacedJob, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const { rows } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM job_execution_view WHERE job_id = $1`, [job.jobId]);
    if (rows[0]!.n >= job.targets) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`${job.jobId}: not all ${job.targets} executions queued in time`);
}
