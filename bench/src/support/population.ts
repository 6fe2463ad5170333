import { CreateJobCommand, IoTClient } from '@aws-sdk/client-iot';
import pg from 'pg';
import { PostgresEventStore, type StreamWrite } from '#event-store';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const CONTEXT = { source: `//iot-jobs/${REGION}/${ACCOUNT}`, region: REGION, accountId: ACCOUNT };
/** The most targets one job takes (the domain's limit). */
export const MAX_TARGETS = 10_000;

export const thingArn = (thingName: string) => `arn:aws:iot:${REGION}:${ACCOUNT}:thing/${thingName}`;

export function thingNames(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${i + 1}`);
}

export function controlPlane(url: string): IoTClient {
  return new IoTClient({
    region: REGION,
    endpoint: url,
    credentials: { accessKeyId: 'AKIDBENCHOPERATOR', secretAccessKey: 'bench-secret-key' },
    maxAttempts: 1,
  });
}

/** A SNAPSHOT job queued on `things` through the public API, as a platform would create it. */
export async function createJob(cp: IoTClient, jobId: string, things: readonly string[]): Promise<void> {
  if (things.length > MAX_TARGETS) throw new RangeError(`a job takes at most ${MAX_TARGETS} targets`);
  await cp.send(
    new CreateJobCommand({
      jobId,
      targets: things.map(thingArn),
      document: JSON.stringify({ operation: 'bench' }),
      targetSelection: 'SNAPSHOT',
    }),
  );
}

/**
 * `count` JobExecutionQueued events (each its own stream, the exact shape the service writes),
 * appended straight to the store in batches: input for the relay and rebuild benchmarks.
 */
export async function appendQueuedEvents(databaseUrl: string, jobId: string, count: number): Promise<void> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const store = new PostgresEventStore(pool);
    for (let from = 0; from < count; from += 1000) {
      const batch = Array.from({ length: Math.min(1000, count - from) }, (_, i) => queuedWrite(jobId, `thing-${from + i + 1}`));
      await store.appendMany(batch);
    }
  } finally {
    await pool.end();
  }
}

export function queuedWrite(jobId: string, thingName: string): StreamWrite {
  return {
    streamId: `job-execution/${jobId}/${thingName}`,
    expectedVersion: 'no-stream',
    streamType: 'job-execution',
    events: [
      {
        eventId: crypto.randomUUID(),
        type: 'JobExecutionQueued',
        data: {
          jobId,
          thingName,
          executionNumber: 1,
          versionNumber: 1,
          status: 'QUEUED',
          at: new Date().toISOString(),
          actor: 'bench',
          thingArn: thingArn(thingName),
          retryAttempt: 0,
        },
        metadata: { actor: 'bench' },
      },
    ],
  };
}
