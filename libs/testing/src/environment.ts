import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/**
 * Where the tests' real Postgres and Kafka come from, in this order for each of the two:
 * an explicit URL in the environment, then testcontainers when a Docker engine answers, then the
 * local services (Postgres on 127.0.0.1:5432, a broker from scripts/kafka/start.sh).
 */
export interface TestEnvironment {
  /** A server URL; tests make their own databases on it (see freshDatabase). */
  databaseUrl: string;
  /** Comma-separated host:port list, as KAFKA_BROKERS expects. */
  kafkaBrokers: string;
  /** One line per part saying where it came from, for the run's log. */
  sources: string[];
  /** Stops whatever this resolution started; leaves alone what it found running. */
  stop(): Promise<void>;
}

export interface ResolveOptions {
  env?: NodeJS.ProcessEnv;
  /** The repository root (holds scripts/kafka); by default found from this file's location. */
  repoRoot?: string;
  log?: (message: string) => void;
}

interface Part {
  value: string;
  source: string;
  stop(): Promise<void>;
}

const LOCAL_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const POSTGRES_IMAGE = 'postgres:17';
// Confluent Platform 8.1 carries Apache Kafka 4.1, the line scripts/kafka/pom.xml runs locally.
// @testcontainers/kafka drives the Confluent image's entrypoint, so apache/kafka does not fit it.
const KAFKA_IMAGE = 'confluentinc/cp-kafka:8.1.0';
const KAFKA_CONTAINER_CLIENT_PORT = 9093;

const nothingToStop = async (): Promise<void> => {};

function defaultRepoRoot(): string {
  // This file runs from dist/libs/testing/src/; the sources sit at libs/testing/src/.
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'scripts', 'kafka', 'start.sh'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the repository root (scripts/kafka/start.sh)');
    dir = parent;
  }
  return dir;
}

export function dockerAvailable(): boolean {
  const result = spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 20_000 });
  return result.status === 0;
}

async function postgresAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function resolvePostgres(env: NodeJS.ProcessEnv, docker: () => boolean): Promise<Part> {
  const explicit = env.TEST_DATABASE_URL ?? env.DATABASE_URL;
  if (explicit) return { value: explicit, source: 'postgres: DATABASE_URL from the environment', stop: nothingToStop };
  if (docker()) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer(POSTGRES_IMAGE).start();
    return {
      value: container.getConnectionUri(),
      source: `postgres: testcontainers (${POSTGRES_IMAGE})`,
      stop: async () => void (await container.stop()),
    };
  }
  if (await postgresAnswers(LOCAL_POSTGRES_URL)) {
    return { value: LOCAL_POSTGRES_URL, source: 'postgres: local server on 127.0.0.1:5432', stop: nothingToStop };
  }
  throw new Error(
    'No PostgreSQL for the tests. Do one of: set DATABASE_URL to a server the tests may create ' +
      'databases on; install Docker (testcontainers starts postgres); or install and start ' +
      'PostgreSQL 15+ on 127.0.0.1:5432 with trust auth for user postgres (apt-get install postgresql).',
  );
}

/** Same test as scripts/kafka/common.sh: a live kafka.Kafka process, not just any pid. */
function localBrokerRunning(repoRoot: string, env: NodeJS.ProcessEnv): boolean {
  const pidFile = join(env.KAFKA_STATE_DIR ?? join(repoRoot, '.kafka'), 'broker.pid');
  try {
    const pid = readFileSync(pidFile, 'utf8').trim();
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('kafka.Kafka');
  } catch {
    return false;
  }
}

/** Runs a script of scripts/kafka, passing its stderr through and returning its stdout. */
function runKafkaScript(repoRoot: string, script: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    // detached: a Ctrl-C at the terminal must not kill start.sh half-way and orphan the broker it
    // is starting; the test runner notes the signal and stops the broker once start.sh is done.
    const child = spawn('bash', [join(repoRoot, 'scripts', 'kafka', script)], {
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolvePromise(stdout) : reject(new Error(`scripts/kafka/${script} exited with ${code}`))));
  });
}

async function startLocalBroker(repoRoot: string, env: NodeJS.ProcessEnv): Promise<Part> {
  const wasRunning = localBrokerRunning(repoRoot, env);
  let stdout: string;
  try {
    stdout = await runKafkaScript(repoRoot, 'start.sh', env);
  } catch (error) {
    throw new Error(
      'No Kafka for the tests. Do one of: set KAFKA_BROKERS; install Docker (testcontainers starts ' +
        'Kafka); or install Java 17+ and Maven (apt-get install openjdk-17-jre-headless maven) so ' +
        `scripts/kafka/start.sh can run a local broker (it said: ${(error as Error).message}).`,
    );
  }
  const brokers = /^KAFKA_BROKERS=(.+)$/m.exec(stdout)?.[1]?.trim();
  if (!brokers) throw new Error(`scripts/kafka/start.sh printed no KAFKA_BROKERS line: ${stdout}`);
  return {
    value: brokers,
    source: wasRunning ? 'kafka: local broker, already running' : 'kafka: local broker started by scripts/kafka/start.sh',
    stop: wasRunning ? nothingToStop : async () => void (await runKafkaScript(repoRoot, 'stop.sh', env)),
  };
}

async function resolveKafka(env: NodeJS.ProcessEnv, docker: () => boolean, repoRoot: string): Promise<Part> {
  if (env.KAFKA_BROKERS) return { value: env.KAFKA_BROKERS, source: 'kafka: KAFKA_BROKERS from the environment', stop: nothingToStop };
  if (docker()) {
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const container = await new KafkaContainer(KAFKA_IMAGE).start();
    return {
      value: `${container.getHost()}:${container.getMappedPort(KAFKA_CONTAINER_CLIENT_PORT)}`,
      source: `kafka: testcontainers (${KAFKA_IMAGE})`,
      stop: async () => void (await container.stop()),
    };
  }
  return startLocalBroker(repoRoot, env);
}

/** Asks Docker at most once, and only if some part needs it. */
function memoised(probe: () => boolean): () => boolean {
  let answer: boolean | undefined;
  return () => (answer ??= probe());
}

export async function resolveTestEnvironment(options: ResolveOptions = {}): Promise<TestEnvironment> {
  const env = options.env ?? process.env;
  const repoRoot = resolve(options.repoRoot ?? defaultRepoRoot());
  const docker = memoised(dockerAvailable);
  const [postgres, kafka] = await Promise.allSettled([resolvePostgres(env, docker), resolveKafka(env, docker, repoRoot)]);
  const started = [postgres, kafka].flatMap((part) => (part.status === 'fulfilled' ? [part.value] : []));
  const stop = async (): Promise<void> => {
    await Promise.allSettled(started.map((part) => part.stop()));
  };
  const failures = [postgres, kafka].flatMap((part) => (part.status === 'rejected' ? [part.reason as Error] : []));
  if (failures.length > 0) {
    await stop();
    throw new Error(failures.map((failure) => failure.message).join('\n'));
  }
  const [database, brokers] = started as [Part, Part];
  for (const part of started) options.log?.(part.source);
  return { databaseUrl: database.value, kafkaBrokers: brokers.value, sources: started.map((part) => part.source), stop };
}
