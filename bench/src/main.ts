import { cpus, totalmem } from 'node:os';
import { resolveTestEnvironment } from '#testing';
import { FULL, SMOKE } from './support/context.js';
import { BENCHMARKS, runSuite, type BenchmarkName } from './suite.js';

/**
 * `npm run bench` (full sizes) / `npm run bench:smoke` (tiny sizes, seconds).
 * Options: --smoke, --only=cancel,stream-length,create-job,relay,rebuild,job-wide-cancel,notify-next,group-job,rollout
 * Postgres and Kafka come from the same resolution as the tests (DATABASE_URL / KAFKA_BROKERS,
 * else Docker, else the local server and scripts/kafka/start.sh).
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const smoke = args.includes('--smoke');
  const only = args
    .find((a) => a.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',') as BenchmarkName[] | undefined;
  const unknown = (only ?? []).filter((name) => !(name in BENCHMARKS));
  if (unknown.length > 0) throw new Error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}`);
  const log = (message: string) => process.stderr.write(`bench: ${message}\n`);
  const environment = await resolveTestEnvironment({ log });
  process.env.TEST_DATABASE_URL = environment.databaseUrl;
  try {
    console.log(
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}; ${smoke ? 'SMOKE sizes' : 'full sizes'}\n`,
    );
    await runSuite(
      { databaseUrl: environment.databaseUrl, kafkaBrokers: environment.kafkaBrokers.split(','), sizes: smoke ? SMOKE : FULL, log },
      only,
    );
  } finally {
    await environment.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
