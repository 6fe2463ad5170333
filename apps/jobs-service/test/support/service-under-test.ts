import { IoTClient } from '@aws-sdk/client-iot';
import { IoTJobsDataPlaneClient } from '@aws-sdk/client-iot-jobs-data-plane';
import { freshDatabase, type TestDatabase } from '#testing';
import pg from 'pg';
import { loadConfig } from '../../src/config/config.js';
import { startService, type RunningService } from '../../src/service.js';

/**
 * The real service on a random port over a fresh database, and the two official SDK clients
 * pointed at it the way a platform team would: only the endpoint is overridden.
 */
export interface ServiceUnderTest {
  service: RunningService;
  db: TestDatabase;
  /** Control plane client (`@aws-sdk/client-iot`). */
  cp: IoTClient;
  /** Data plane client (`@aws-sdk/client-iot-jobs-data-plane`). */
  dp: IoTJobsDataPlaneClient;
  /** Direct SQL on the service's database, for asserting what the event store holds. */
  sql: pg.Pool;
  stop(): Promise<void>;
}

export const ACCOUNT = '123456789012';
export const thingArn = (thingName: string) => `arn:aws:iot:us-east-1:${ACCOUNT}:thing/${thingName}`;

export async function startServiceUnderTest(): Promise<ServiceUnderTest> {
  const db = await freshDatabase('e2e');
  const service = await startService(loadConfig({ DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: 'error' }));
  const common = {
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLEOPERATOR', secretAccessKey: 'secret' },
    maxAttempts: 1,
  };
  const cp = new IoTClient({ ...common, endpoint: service.url });
  const dp = new IoTJobsDataPlaneClient({ ...common, endpoint: `${service.url}${service.dataPlanePrefix}` });
  const sql = new pg.Pool({ connectionString: db.url, max: 2 });
  return {
    service,
    db,
    cp,
    dp,
    sql,
    async stop() {
      cp.destroy();
      dp.destroy();
      await sql.end();
      await service.close();
      await db.drop();
    },
  };
}

/** Runs `call` and returns the SDK error it throws; fails the test if it succeeds. */
export async function sdkError(call: Promise<unknown>): Promise<Error & { $metadata: { httpStatusCode?: number; requestId?: string } }> {
  try {
    await call;
  } catch (error) {
    return error as Error & { $metadata: { httpStatusCode?: number; requestId?: string } };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

let counter = 0;
/** Names unique within a test run, valid as jobId and thingName. */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}
