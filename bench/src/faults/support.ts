import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { CancelJobExecutionCommand, CreateJobCommand, IoTClient } from '@aws-sdk/client-iot';
import pg from 'pg';
import { createKafka, decodeJobEventMessage, ensureJobTopics, jobTopics, KafkaSubscriber, withAdmin } from '#messaging';
import { pollUntil } from '#testing';
import { DIST_DIR, freePort } from '../support/processes.js';

const MAIN = join(DIST_DIR, 'apps', 'jobs-service', 'src', 'main.js');

/** The real service as a child process on a fixed port, so it can be killed and restarted there. */
export class ServiceProcess {
  private child?: ChildProcess;
  /** The end of the child's stderr, shown if it dies on its own. */
  stderr = '';
  private constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  static async start(env: Record<string, string>): Promise<ServiceProcess> {
    const service = new ServiceProcess(await freePort(), env);
    await service.launch();
    return service;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the process and waits until it answers its readiness probe. */
  async launch(): Promise<number> {
    const started = Date.now();
    const env = {
      ...process.env,
      AUTH_MODE: 'disabled',
      NODE_ENV: 'production',
      LOG_LEVEL: 'error',
      TIMEOUT_SWEEP_INTERVAL_MS: '0',
      ...this.env,
      PORT: String(this.port),
      HOST: '127.0.0.1',
    };
    const child = spawn(process.execPath, ['--enable-source-maps', MAIN], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-4000)));
    child.once('exit', (code, signal) => {
      if (signal !== 'SIGKILL' && signal !== 'SIGTERM' && code !== 0)
        console.error(`service exited unexpectedly (${code ?? signal}):\n${this.stderr}`);
    });
    await pollUntil(
      async () =>
        child.exitCode === null
          ? (await fetch(`${this.url}/health/live`).catch(() => undefined))?.ok
            ? true
            : undefined
          : Promise.reject(new Error(`service exited with ${child.exitCode}`)),
      {
        description: 'service listening',
        timeoutMs: 60_000,
        intervalMs: 100,
      },
    );
    return Date.now() - started;
  }

  /** SIGKILL: no drain, no shutdown hook; whatever was in flight is cut. */
  async kill9(): Promise<void> {
    const child = this.child!;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

/** A command the service acknowledged with a 2xx: it must survive any fault that follows. */
export interface Acknowledged {
  kind: 'create' | 'cancel';
  jobId: string;
  thingName: string;
}

export interface LoadResult {
  acknowledged: Acknowledged[];
  attempts: number;
  /** 5xx answers (and refused connections, counted apart) while the fault was on. */
  serverErrorsDuringFault: number;
  connectionErrorsDuringFault: number;
  otherErrors: Map<string, number>;
}

/**
 * `workers` loops, each creating a job for its own thing and cancelling that execution, until
 * `durationMs` has passed (and at most `maxCommandsPerWorker` each). `faultOn()` says whether a
 * failure seen now happened during the fault.
 */
export async function runLoad(
  url: string,
  options: { workers: number; durationMs: number; maxCommandsPerWorker: number; faultOn: () => boolean },
): Promise<LoadResult> {
  const result: LoadResult = { acknowledged: [], attempts: 0, serverErrorsDuringFault: 0, connectionErrorsDuringFault: 0, otherErrors: new Map() };
  const deadline = Date.now() + options.durationMs;
  const run = randomUUID().slice(0, 8);
  const worker = async (index: number) => {
    const cp = new IoTClient({
      region: 'us-east-1',
      endpoint: url,
      maxAttempts: 1,
      credentials: { accessKeyId: 'AKIDFAULTS', secretAccessKey: 'unused-auth-disabled' },
    });
    const thingName = `fault-thing-${run}-${index}`;
    try {
      for (let n = 0; n < options.maxCommandsPerWorker && Date.now() < deadline; n++) {
        const jobId = `fault-${run}-${index}-${n}`;
        if (
          !(await attempt(result, options.faultOn, () =>
            cp.send(new CreateJobCommand({ jobId, targets: [`arn:aws:iot:us-east-1:123456789012:thing/${thingName}`], document: '{}' })),
          ))
        )
          continue;
        result.acknowledged.push({ kind: 'create', jobId, thingName });
        if (await attempt(result, options.faultOn, () => cp.send(new CancelJobExecutionCommand({ jobId, thingName, force: true })))) {
          result.acknowledged.push({ kind: 'cancel', jobId, thingName });
        }
      }
    } finally {
      cp.destroy();
    }
  };
  await Promise.all(Array.from({ length: options.workers }, (_, index) => worker(index)));
  return result;
}

async function attempt(result: LoadResult, faultOn: () => boolean, call: () => Promise<unknown>): Promise<boolean> {
  result.attempts += 1;
  try {
    await call();
    return true;
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    const name = (error as Error).name;
    if (faultOn() && status !== undefined && status >= 500) result.serverErrorsDuringFault += 1;
    else if (faultOn() && status === undefined) result.connectionErrorsDuringFault += 1;
    else result.otherErrors.set(`${status ?? 'no-status'} ${name}`, (result.otherErrors.get(`${status ?? 'no-status'} ${name}`) ?? 0) + 1);
    // A refused connection fails in microseconds; a short pause keeps the loop from spinning.
    if (status === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
    return false;
  }
}

export interface StoreAudit {
  events: number;
  /** Acknowledged commands with no trace in the event store. */
  lostInStore: number;
  /** Acknowledged commands the read models do not show after the fault. */
  lostInReadModels: number;
  duplicatedEventIds: number;
  /** Streams whose versions are not exactly 1..n. */
  streamsWithGaps: number;
}

export async function auditStore(databaseUrl: string, acknowledged: Acknowledged[]): Promise<StoreAudit> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const events = await pool.query<{ stream_id: string; event_type: string; status: string | null }>(
      `SELECT stream_id, event_type, data->>'status' AS status FROM es_events`,
    );
    const streams = new Set(events.rows.map((row) => row.stream_id));
    const canceled = new Set(events.rows.filter((row) => row.status === 'CANCELED').map((row) => row.stream_id));
    const lostInStore = acknowledged.filter((ack) =>
      ack.kind === 'create' ? !streams.has(`job/${ack.jobId}`) : !canceled.has(`job-execution/${ack.jobId}/${ack.thingName}`),
    ).length;
    const jobs = new Set((await pool.query<{ job_id: string }>('SELECT job_id FROM job_view')).rows.map((row) => row.job_id));
    const canceledViews = new Set(
      (await pool.query<{ key: string }>(`SELECT job_id || '/' || thing_name AS key FROM job_execution_view WHERE status = 'CANCELED'`)).rows.map(
        (row) => row.key,
      ),
    );
    const lostInReadModels = acknowledged.filter((ack) =>
      ack.kind === 'create' ? !jobs.has(ack.jobId) : !canceledViews.has(`${ack.jobId}/${ack.thingName}`),
    ).length;
    const duplicates = await pool.query<{ n: number }>('SELECT (count(*) - count(DISTINCT event_id))::int AS n FROM es_events');
    const gaps = await pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM (SELECT stream_id FROM es_events GROUP BY stream_id HAVING min(stream_version) <> 1 OR max(stream_version) <> count(*) OR count(DISTINCT stream_version) <> count(*)) s',
    );
    return {
      events: events.rowCount ?? 0,
      lostInStore,
      lostInReadModels,
      duplicatedEventIds: duplicates.rows[0]!.n,
      streamsWithGaps: gaps.rows[0]!.n,
    };
  } finally {
    await pool.end();
  }
}

export interface KafkaAudit {
  messages: number;
  /** Stored events not on Kafka within the deadline. */
  missing: number;
  /** Messages beyond the first for the same event id (at-least-once redeliveries). */
  redelivered: number;
  /** Records the broker holds on both topics (sum of partition end offsets): tells a slow reader from a lost write. */
  recordsOnBroker: number;
}

/** Reads both topics from the beginning until every stored event id is there (or the deadline). */
export async function auditKafka(brokers: string, prefix: string, databaseUrl: string, timeoutMs = 60_000): Promise<KafkaAudit> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  const expected = (await pool.query<{ event_id: string }>('SELECT event_id FROM es_events')).rows.map((row) => row.event_id);
  await pool.end();
  const kafka = createKafka({ brokers: [brokers], clientId: `fault-audit-${randomUUID()}`, logLevel: 'nothing' });
  const topics = jobTopics(prefix);
  await ensureJobTopics(kafka, prefix);
  const subscriber = new KafkaSubscriber(kafka, {
    groupId: `fault-audit-${randomUUID()}`,
    topics: [topics.jobExecutions, topics.jobs],
    fromBeginning: true,
    maxWaitTimeMs: 200,
  });
  const received: string[] = [];
  await subscriber.connect();
  await subscriber.run({ eachMessage: async ({ message }) => void received.push(decodeJobEventMessage(message).payload.eventId) });
  try {
    // A timeout is not an error here: the missing count below reports it.
    await pollUntil(
      () => {
        const seen = new Set(received);
        return expected.every((id) => seen.has(id)) ? true : undefined;
      },
      { timeoutMs, intervalMs: 500 },
    ).catch(() => undefined);
  } finally {
    await subscriber.disconnect();
  }
  const seen = new Set(received);
  const recordsOnBroker = await withAdmin(kafka, async (admin) => {
    let total = 0;
    for (const topic of [topics.jobExecutions, topics.jobs]) {
      for (const partition of await admin.fetchTopicOffsets(topic)) total += Number(partition.high) - Number(partition.low);
    }
    return total;
  });
  return {
    messages: received.length,
    missing: expected.filter((id) => !seen.has(id)).length,
    redelivered: received.length - seen.size,
    recordsOnBroker,
  };
}

export function report(figures: Record<string, unknown>): void {
  // The acknowledged commands themselves are only needed for the audit; their count is the figure.
  const printable = (key: string, value: unknown) =>
    value instanceof Map ? Object.fromEntries(value) : key === 'acknowledged' && Array.isArray(value) ? value.length : value;
  console.log(JSON.stringify(figures, printable, 2));
}
