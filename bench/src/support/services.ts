import { join } from 'node:path';
import { DEPLOYED_NODE_OPTIONS, DIST_DIR, startServerProcess, type ServerProcess } from './processes.js';

/**
 * The real service (dist/apps/jobs-service/src/main.js) in its own process, with the node options
 * it is deployed with. Authentication is off (AUTH_MODE=disabled): the benchmark measures the job
 * path, not SigV4 verification; the requests still carry the SDK's Authorization header, from
 * which the actor is named. No Kafka (the relay has its own benchmark), no timeout sweeper,
 * production logging.
 */
export function startJobsService(databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  return startServerProcess(
    join(DIST_DIR, 'apps', 'jobs-service', 'src', 'main.js'),
    {
      NODE_OPTIONS: DEPLOYED_NODE_OPTIONS,
      DATABASE_URL: databaseUrl,
      AUTH_MODE: 'disabled',
      NODE_ENV: 'production',
      LOG_LEVEL: 'error',
      KAFKA_BROKERS: '',
      TIMEOUT_SWEEP_INTERVAL_MS: '0',
      // The benchmarks target things by ARN without registering them (today's behaviour).
      THING_TARGETS: 'any',
      ...env,
    },
    serviceNodeArgs(),
  );
}

/**
 * Extra node flags for the service process only, for profiling it under load, e.g.
 * BENCH_SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (split on spaces).
 */
function serviceNodeArgs(): string[] {
  return (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter((arg) => arg.length > 0);
}

/** The HTTP limit: a bare Fastify route (bench/src/baselines/bare-fastify.ts). */
export function startBareFastify(): Promise<ServerProcess> {
  return startServerProcess(join(DIST_DIR, 'bench', 'src', 'baselines', 'bare-fastify.js'), {});
}
