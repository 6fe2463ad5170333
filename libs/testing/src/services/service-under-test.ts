import type { IoTClient } from '@aws-sdk/client-iot';
import type { IoTJobsDataPlaneClient } from '@aws-sdk/client-iot-jobs-data-plane';
import pg from 'pg';
import type { Clock } from '#jobs/application';
import type { RunningService } from '#jobs-service';
import { freshDatabase, type TestDatabase } from '../database.js';

/**
 * The real service on a random port over a fresh database, and the two official SDK clients
 * pointed at it the way a platform team would: only the endpoint is overridden.
 */
export interface ServiceUnderTest {
  service: RunningService;
  db: TestDatabase;
  /** Control plane client (`@aws-sdk/client-iot`), signing as the operator principal. */
  cp: IoTClient;
  /** Data plane client (`@aws-sdk/client-iot-jobs-data-plane`), signing as the operator principal. */
  dp: IoTJobsDataPlaneClient;
  /** Data plane clients of the device principals asked for, by device name. */
  devices: Record<string, TestDevice>;
  /** Direct SQL on the service's database, for asserting what the event store holds. */
  sql: pg.Pool;
  stop(): Promise<void>;
}

export interface TestDevice {
  client: IoTJobsDataPlaneClient;
  credentials: Credentials;
}

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface ServiceUnderTestOptions {
  /** Device principals to configure, each allowed to act for its own thing names. */
  devices?: Array<{ name: string; thingNames: string[] }>;
  /** Extra settings (e.g. THROTTLE_BURST), applied over the defaults. */
  env?: Record<string, string>;
  /** Lets a test put something (a TCP proxy) between the service and its database. */
  rewriteDatabaseUrl?: (url: string) => string;
  /** Runs the in-process relay to these brokers, under a topic prefix the test owns. */
  kafka?: { brokers: string | readonly string[]; topicPrefix: string };
  /** The service's clock (default: the system clock), for tests that run use cases at a chosen instant. */
  clock?: Clock;
  /** Runs on the fresh database before the service starts (e.g. to hold a reaction's lease). */
  beforeStart?: (databaseUrl: string) => Promise<void>;
}

/** The service settings that turn the relay on for `options.kafka`. */
function kafkaSettings(kafka: ServiceUnderTestOptions['kafka']): Record<string, string> {
  if (kafka === undefined) return {};
  const brokers = typeof kafka.brokers === 'string' ? kafka.brokers : kafka.brokers.join(',');
  return { KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: kafka.topicPrefix };
}

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const thingArn = (thingName: string) => `arn:aws:iot:${REGION}:${ACCOUNT}:thing/${thingName}`;

/** The operator principal every service under test is configured with; `cp` and `dp` sign as it. */
export const OPERATOR: Credentials = { accessKeyId: 'AKIDEXAMPLEOPERATOR', secretAccessKey: 'operator-secret-0123456789' };

export function deviceCredentials(name: string): Credentials {
  return { accessKeyId: `AKIDDEVICE${name.toUpperCase().replace(/[^A-Z0-9]/g, '')}`, secretAccessKey: `${name}-device-secret-0123456789` };
}

/** The AUTH_PRINCIPALS value for the operator plus the given devices. */
export function principalsSetting(devices: ServiceUnderTestOptions['devices'] = []): string {
  return JSON.stringify([
    // Explicit fields: the SDK stamps bookkeeping (`$source`) onto credential objects it is given.
    { accessKeyId: OPERATOR.accessKeyId, secretAccessKey: OPERATOR.secretAccessKey, role: 'operator' },
    ...devices.map((device) => ({ name: device.name, ...deviceCredentials(device.name), role: 'device', thingNames: device.thingNames })),
  ]);
}

export async function startServiceUnderTest(options: ServiceUnderTestOptions = {}): Promise<ServiceUnderTest> {
  // Loaded here rather than at the top: every test imports #testing, few start the service.
  const [{ loadConfig, startService }, { IoTClient }, { IoTJobsDataPlaneClient }] = await Promise.all([
    import('#jobs-service'),
    import('@aws-sdk/client-iot'),
    import('@aws-sdk/client-iot-jobs-data-plane'),
  ]);
  const db = await freshDatabase('e2e');
  const databaseUrl = options.rewriteDatabaseUrl ? options.rewriteDatabaseUrl(db.url) : db.url;
  await options.beforeStart?.(db.url);
  const service = await startService(
    loadConfig({
      DATABASE_URL: databaseUrl,
      PORT: '0',
      LOG_LEVEL: 'error',
      AUTH_PRINCIPALS: principalsSetting(options.devices),
      // Most tests target things they never register; the registry's own tests set 'registered'.
      THING_TARGETS: 'any',
      ...kafkaSettings(options.kafka),
      ...options.env,
    }),
    options.clock ? { clock: options.clock } : {},
  );
  const dataPlaneEndpoint = `${service.url}${service.dataPlanePrefix}`;
  const common = { region: REGION, credentials: { ...OPERATOR }, maxAttempts: 1 };
  const cp = new IoTClient({ ...common, endpoint: service.url });
  const dp = new IoTJobsDataPlaneClient({ ...common, endpoint: dataPlaneEndpoint });
  const devices: Record<string, TestDevice> = {};
  for (const { name } of options.devices ?? []) {
    const credentials = deviceCredentials(name);
    devices[name] = { credentials, client: new IoTJobsDataPlaneClient({ ...common, credentials, endpoint: dataPlaneEndpoint }) };
  }
  const sql = new pg.Pool({ connectionString: db.url, max: 2 });
  // Dropping the database ends connections the pool may not have closed yet; that is expected.
  sql.on('error', () => undefined);
  return {
    service,
    db,
    cp,
    dp,
    devices,
    sql,
    async stop() {
      cp.destroy();
      dp.destroy();
      for (const device of Object.values(devices)) device.client.destroy();
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
