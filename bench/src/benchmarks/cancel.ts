import type { IoTClient } from '@aws-sdk/client-iot';
import { freshDatabase } from '#testing';
import type { BenchContext } from '../support/context.js';
import { replayPerThing, type LoadResult } from '../support/load.js';
import { cancelScript, runPgbench, type PgbenchResult } from '../support/pgbench.js';
import { controlPlane, createJob, thingNames } from '../support/population.js';
import type { BenchmarkResult, Figure } from '../support/report.js';
import { captureCancelJobExecution } from '../support/sdk-wire.js';
import { vacuum } from '../support/vacuum.js';
import { startBareFastify, startJobsService } from '../support/services.js';

/**
 * Benchmark 1 (CancelJobExecution over HTTP, SDK wire format, against pgbench and a bare Fastify
 * route) and benchmark 6 (the service's peak RSS during it). Each level cancels its own
 * population of QUEUED executions once; pgbench cancels a twin population the service queued too.
 * Every side is measured warm: it first cancels a population of its own at the same
 * concurrency, unmeasured (a new level opens new connections, new backends and code paths).
 */
export async function cancelBenchmark(context: BenchContext): Promise<BenchmarkResult[]> {
  const db = await freshDatabase('bench_cancel');
  const service = await startJobsService(db.url);
  const bare = await startBareFastify();
  const cp = controlPlane(service.url);
  const figures: Figure[] = [];
  const notes: string[] = [];
  try {
    for (const { connections, cancels, warmup } of context.sizes.cancelLevels) {
      const level = `c${connections}`;
      context.log(`cancel: c=${connections}, ${cancels} cancels after ${warmup} to warm up`);
      // Each side first cancels its own warm-up executions at the same concurrency, unmeasured. The
      // measured executions are queued after that, as a running service sees new work: the
      // service keeps the states of the streams it wrote last (10,000, ADR 8), and a warm-up
      // queued after them would push them out.
      const warmThings = await queued(cp, `bench-warm-${level}`, `wthing-${level}`, warmup);
      const warmWire = await captureCancelJobExecution(`bench-warm-${level}`, false);
      checked(await replayPerThing(service.url, warmWire, warmThings, connections), 'service warm-up');
      const pgWarmThings = `qthing-${level}`;
      await queued(cp, `bench-pgwarm-${level}`, pgWarmThings, warmup);
      await runPgbench(db.url, cancelScript(`bench-pgwarm-${level}`, pgWarmThings, 'bench_cancel_seq'), connections, warmup, 'bench_cancel_seq');
      checked(await replayPerThing(bare.url, warmWire, warmThings, connections), 'bare Fastify warm-up');

      const pgThings = `pthing-${level}`;
      await queued(cp, `bench-pgbench-${level}`, pgThings, cancels);
      const things = await queued(cp, `bench-cancel-${level}`, `cthing-${level}`, cancels);
      const wire = await captureCancelJobExecution(`bench-cancel-${level}`, false);
      await vacuum(db.url);
      const http = checked(await replayPerThing(service.url, wire, things, connections), 'service');
      await vacuum(db.url);
      const database = await runPgbench(
        db.url,
        cancelScript(`bench-pgbench-${level}`, pgThings, 'bench_cancel_seq'),
        connections,
        cancels,
        'bench_cancel_seq',
      );
      const limit = checked(await replayPerThing(bare.url, wire, things, connections), 'bare Fastify');
      figures.push(...levelFigures(connections, http, database, limit));
      notes.push(`c=${connections}: ${http.requests} cancels; pgbench ${database.transactions} tx; bare Fastify ${limit.requests} requests`);
    }
    const memory: BenchmarkResult = {
      name: '6. Memory: peak RSS of the service during benchmark 1',
      figures: [
        { metric: 'peak RSS', unit: 'MB', value: service.peakRssMb(), baseline: bare.peakRssMb(), baselineName: 'bare Fastify', target: '<= 300 MB' },
      ],
      notes: ['VmHWM of the service process (kernel high-water mark) after all cancel levels'],
    };
    return [
      {
        name: '1. CancelJobExecution over HTTP (SDK wire format)',
        figures,
        notes: [`PUT ${(await captureCancelJobExecution('<jobId>', false)).pathTemplate}`, ...notes],
      },
      memory,
    ];
  } finally {
    cp.destroy();
    await Promise.all([service.stop(), bare.stop()]);
    await db.drop();
  }
}

function levelFigures(c: number, http: LoadResult, database: PgbenchResult, limit: LoadResult): Figure[] {
  return [
    {
      metric: `c=${c} throughput`,
      unit: 'req/s',
      value: http.throughput,
      baseline: database.throughput,
      baselineName: 'pgbench',
      target: c === 16 ? 'ratio >= 0.50' : undefined,
    },
    { metric: `c=${c} throughput`, unit: 'req/s', value: http.throughput, baseline: limit.throughput, baselineName: 'bare Fastify' },
    { metric: `c=${c} p50`, unit: 'ms', value: http.p50Ms, baseline: database.p50Ms, baselineName: 'pgbench' },
    { metric: `c=${c} p50`, unit: 'ms', value: http.p50Ms, baseline: limit.p50Ms, baselineName: 'bare Fastify' },
    {
      metric: `c=${c} p99`,
      unit: 'ms',
      value: http.p99Ms,
      baseline: database.p99Ms,
      baselineName: 'pgbench',
      target: c === 16 ? '<= 25 ms' : undefined,
    },
    { metric: `c=${c} p99`, unit: 'ms', value: http.p99Ms, baseline: limit.p99Ms, baselineName: 'bare Fastify' },
  ];
}

/** `count` QUEUED executions of a new SNAPSHOT job, created through the API; their thing names. */
async function queued(cp: IoTClient, jobId: string, thingPrefix: string, count: number): Promise<string[]> {
  const things = thingNames(thingPrefix, count);
  await createJob(cp, jobId, things);
  return things;
}

/** A run where requests failed measured something else than cancels: stop rather than report it. */
function checked(result: LoadResult, who: string): LoadResult {
  if (Object.keys(result.unexpected).length > 0) throw new Error(`${who}: unexpected responses ${JSON.stringify(result.unexpected)}`);
  return result;
}
