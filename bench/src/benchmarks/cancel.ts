import { freshDatabase } from '#testing';
import type { BenchContext } from '../support/context.js';
import { replayPerThing, type LoadResult } from '../support/load.js';
import { cancelScript, runPgbench, type PgbenchResult } from '../support/pgbench.js';
import { controlPlane, createJob, thingNames } from '../support/population.js';
import type { BenchmarkResult, Figure } from '../support/report.js';
import { captureCancelJobExecution } from '../support/sdk-wire.js';
import { startBareFastify, startJobsService } from '../support/services.js';

/**
 * Benchmark 1 (CancelJobExecution over HTTP, SDK wire format, against pgbench and a bare Fastify
 * route) and benchmark 6 (the service's peak RSS during it). Each level cancels its own
 * population of QUEUED executions once; pgbench cancels a twin population the service queued too.
 */
export async function cancelBenchmark(context: BenchContext): Promise<BenchmarkResult[]> {
  const db = await freshDatabase('bench_cancel');
  const service = await startJobsService(db.url);
  const bare = await startBareFastify();
  const cp = controlPlane(service.url);
  const figures: Figure[] = [];
  const notes: string[] = [];
  try {
    for (const { connections, cancels } of context.sizes.cancelLevels) {
      const jobId = `bench-cancel-c${connections}`;
      const pgJobId = `bench-pgbench-c${connections}`;
      const things = thingNames(`cthing-c${connections}`, cancels);
      await createJob(cp, jobId, things);
      await createJob(cp, pgJobId, thingNames(`pthing-c${connections}`, cancels));
      const wire = await captureCancelJobExecution(jobId, false);
      context.log(`cancel: c=${connections}, ${cancels} cancels`);
      const http = checked(await replayPerThing(service.url, wire, things, connections), 'service');
      const database = await runPgbench(db.url, cancelScript(pgJobId, `pthing-c${connections}`, 'bench_cancel_seq'), connections, cancels, 'bench_cancel_seq');
      const limit = checked(await replayPerThing(bare.url, wire, things, connections), 'bare Fastify');
      figures.push(...levelFigures(connections, http, database, limit));
      notes.push(`c=${connections}: ${http.requests} cancels; pgbench ${database.transactions} tx; bare Fastify ${limit.requests} requests`);
    }
    const memory: BenchmarkResult = {
      name: '6. Memory: peak RSS of the service during benchmark 1',
      figures: [{ metric: 'peak RSS', unit: 'MB', value: service.peakRssMb(), baseline: bare.peakRssMb(), baselineName: 'bare Fastify', target: '<= 300 MB' }],
      notes: ['VmHWM of the service process (kernel high-water mark) after all cancel levels'],
    };
    return [{ name: '1. CancelJobExecution over HTTP (SDK wire format)', figures, notes: [`PUT ${(await captureCancelJobExecution('<jobId>', false)).pathTemplate}`, ...notes] }, memory];
  } finally {
    cp.destroy();
    await Promise.all([service.stop(), bare.stop()]);
    await db.drop();
  }
}

function levelFigures(c: number, http: LoadResult, database: PgbenchResult, limit: LoadResult): Figure[] {
  return [
    { metric: `c=${c} throughput`, unit: 'req/s', value: http.throughput, baseline: database.throughput, baselineName: 'pgbench', target: c === 16 ? 'ratio >= 0.50' : undefined },
    { metric: `c=${c} throughput`, unit: 'req/s', value: http.throughput, baseline: limit.throughput, baselineName: 'bare Fastify' },
    { metric: `c=${c} p50`, unit: 'ms', value: http.p50Ms, baseline: database.p50Ms, baselineName: 'pgbench' },
    { metric: `c=${c} p50`, unit: 'ms', value: http.p50Ms, baseline: limit.p50Ms, baselineName: 'bare Fastify' },
    { metric: `c=${c} p99`, unit: 'ms', value: http.p99Ms, baseline: database.p99Ms, baselineName: 'pgbench', target: c === 16 ? '<= 25 ms' : undefined },
    { metric: `c=${c} p99`, unit: 'ms', value: http.p99Ms, baseline: limit.p99Ms, baselineName: 'bare Fastify' },
  ];
}

/** A run where requests failed measured something else than cancels: stop rather than report it. */
function checked(result: LoadResult, who: string): LoadResult {
  if (Object.keys(result.unexpected).length > 0) throw new Error(`${who}: unexpected responses ${JSON.stringify(result.unexpected)}`);
  return result;
}
