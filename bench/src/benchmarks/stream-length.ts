import pg from 'pg';
import { PostgresEventStore, readStream, type StreamWrite } from '#event-store';
import { foldEvents, jobExecutionDecider, type JobExecutionCommand, type JobExecutionEvent } from '#jobs/domain';
import { jobsInlineProjection } from '#jobs/read-models';
import { freshDatabase } from '#testing';
import type { BenchContext } from '../support/context.js';
import { replayPerThing } from '../support/load.js';
import { controlPlane, createJob, thingNames } from '../support/population.js';
import type { BenchmarkResult } from '../support/report.js';
import { captureCancelJobExecution } from '../support/sdk-wire.js';
import { startJobsService } from '../support/services.js';

/**
 * Benchmark 2: cancel latency (concurrency 1, force, IN_PROGRESS executions) on streams of 5 and
 * of 1,000 prior events. The baseline is the short stream: the ratio shows what history costs.
 */
export async function streamLengthBenchmark(context: BenchContext): Promise<BenchmarkResult[]> {
  const { streamExecutions, streamLengths } = context.sizes;
  const db = await freshDatabase('bench_streams');
  const service = await startJobsService(db.url);
  const cp = controlPlane(service.url);
  const jobId = 'bench-streams';
  try {
    const [short, long] = streamLengths.map((length) => thingNames(`sthing-${length}`, streamExecutions));
    await createJob(cp, jobId, [...short!, ...long!]);
    await lengthenStreams(db.url, jobId, short!, streamLengths[0]);
    await lengthenStreams(db.url, jobId, long!, streamLengths[1]);
    const wire = await captureCancelJobExecution(jobId, true);
    context.log(`stream length: ${streamExecutions} cancels on ${streamLengths.join(' and ')}-event streams`);
    const shortRun = await replayPerThing(service.url, wire, short!, 1);
    const longRun = await replayPerThing(service.url, wire, long!, 1);
    for (const run of [shortRun, longRun]) {
      if (Object.keys(run.unexpected).length > 0) throw new Error(`stream length: unexpected responses ${JSON.stringify(run.unexpected)}`);
    }
    const baselineName = `${streamLengths[0]}-event streams`;
    return [
      {
        name: `2. Stream length: cancel latency with ${streamLengths[1]} vs ${streamLengths[0]} prior events`,
        notes: [`${streamExecutions} IN_PROGRESS executions per length, cancelled with force at concurrency 1`],
        figures: [
          {
            metric: `${streamLengths[1]} events p50`,
            unit: 'ms',
            value: longRun.p50Ms,
            baseline: shortRun.p50Ms,
            baselineName,
            target: 'ratio <= 1.5',
          },
          { metric: `${streamLengths[1]} events p99`, unit: 'ms', value: longRun.p99Ms, baseline: shortRun.p99Ms, baselineName },
          { metric: `${streamLengths[1]} events throughput`, unit: 'req/s', value: longRun.throughput, baseline: shortRun.throughput, baselineName },
        ],
      },
    ];
  } finally {
    cp.destroy();
    await service.stop();
    await db.drop();
  }
}

/**
 * Grows each queued execution's stream to `length` events: started, then IN_PROGRESS updates,
 * decided by the domain and appended with the inline projection, exactly as the service would.
 */
async function lengthenStreams(databaseUrl: string, jobId: string, things: readonly string[], length: number): Promise<void> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const store = new PostgresEventStore(pool, { inlineProjections: [jobsInlineProjection] });
    for (const thingName of things) {
      const streamId = `job-execution/${jobId}/${thingName}`;
      const stored = await readStream(pool, streamId);
      let state = foldEvents(
        jobExecutionDecider,
        stored.map((e) => ({ type: e.type, data: e.data }) as unknown as JobExecutionEvent),
      );
      const events: JobExecutionEvent[] = [];
      for (let i = stored.length; i < length; i++) {
        const decided = jobExecutionDecider.decide(nextCommand(i === stored.length, i), state);
        state = decided.reduce(jobExecutionDecider.evolve, state);
        events.push(...decided);
      }
      const write: StreamWrite = {
        streamId,
        expectedVersion: stored.length,
        events: events.map((event) => ({
          eventId: crypto.randomUUID(),
          type: event.type,
          data: event.data as unknown as Record<string, unknown>,
          metadata: { actor: 'bench' },
        })),
      };
      await store.appendMany([write]);
    }
  } finally {
    await pool.end();
  }
}

function nextCommand(first: boolean, i: number): JobExecutionCommand {
  const base = { actor: 'bench', now: new Date() };
  return first
    ? { type: 'StartJobExecution', data: { ...base, statusDetails: { step: '0' } } }
    : { type: 'UpdateJobExecution', data: { ...base, status: 'IN_PROGRESS', statusDetails: { step: String(i) } } };
}
