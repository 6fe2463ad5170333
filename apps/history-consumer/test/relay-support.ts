import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migrateEventStore, PostgresEventStore } from '#event-store';
import { pollUntil } from '#testing';

const RELAY_MAIN = fileURLToPath(new URL('../../jobs-service/src/relay-main.js', import.meta.url));

/** An event store on `url` that tests append to directly, as the command handlers would. */
export async function eventStoreOn(url: string): Promise<{ store: PostgresEventStore; pool: pg.Pool }> {
  await migrateEventStore(url);
  const pool = new pg.Pool({ connectionString: url, max: 3 });
  pool.on('error', () => undefined); // the test's database is dropped with force at the end
  return { store: new PostgresEventStore(pool), pool };
}

/**
 * Appends `count` execution events to (jobId, thingName), one commit each, continuing from the
 * stream's current version: a QUEUED event first, then IN_PROGRESS progress updates.
 */
export async function appendExecutionEvents(store: PostgresEventStore, jobId: string, thingName: string, count: number): Promise<void> {
  const streamId = `job-execution/${jobId}/${thingName}`;
  let version = await store.streamVersion(streamId);
  for (let i = 0; i < count; i++) {
    version += 1;
    const base = { jobId, thingName, executionNumber: 1, versionNumber: version, at: new Date().toISOString(), actor: 'test' };
    const event =
      version === 1
        ? {
            type: 'JobExecutionQueued',
            data: { ...base, status: 'QUEUED', thingArn: `arn:aws:iot:us-east-1:123456789012:thing/${thingName}`, retryAttempt: 0 },
          }
        : {
            type: 'JobExecutionUpdated',
            data: { ...base, status: 'IN_PROGRESS', previousStatus: 'IN_PROGRESS', statusDetails: { step: String(version) } },
          };
    await store.append(streamId, version - 1, [{ eventId: randomUUID(), ...event }]);
  }
}

export interface RelayProcess {
  child: ChildProcess;
  pid: number;
  output: string[];
  exited: Promise<number | null>;
}

/** The standalone relay (relay-main.js) in a child process, so a test can SIGKILL it for real. */
export async function spawnRelay(env: Record<string, string>): Promise<RelayProcess> {
  const child = spawn(process.execPath, ['--enable-source-maps', RELAY_MAIN], {
    // Only the relay's own settings: no AUTH_* and no PORT, which the standalone relay must not need.
    env: { ...withoutServiceSettings(process.env), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await pollUntil(() => (output.join('').includes('relay started') ? true : undefined), {
    description: `relay child started (output: ${output.join('')})`,
    timeoutMs: 15_000,
  });
  return { child, pid: child.pid!, output, exited };
}

/** The pid of the relay process that holds the lease now, from the checkpoint row's owner. */
export async function leaseHolderPid(pool: pg.Pool): Promise<number | undefined> {
  const { rows } = await pool.query<{ owner: string | null }>(
    "SELECT owner FROM es_checkpoints WHERE subscription LIKE 'kafka-relay:%' AND lease_until > now()",
  );
  const owner = rows[0]?.owner;
  return owner ? Number(owner.split(':')[1]) : undefined;
}

function withoutServiceSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^(AUTH_|THROTTLE_|PORT$|DATABASE_URL$)/.test(name)));
}
