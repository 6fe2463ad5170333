import { randomUUID } from 'node:crypto';
import type { RecordOutcome, RunningHistoryConsumer } from '#history-consumer';
import { freshDatabase, type TestDatabase } from '../database.js';
import { testKafkaBrokers } from '../kafka.js';
import { signedFetch, type SigningCredentials } from '../signed-fetch.js';
import { deviceCredentials, OPERATOR, REGION } from './service-under-test.js';

/**
 * The audit-history consumer in-process on a fresh database, reading the Kafka topics under a
 * prefix, with signed requests to its API: for the history tests and the console's. The app is
 * loaded only when started, so importing #testing stays cheap.
 */
/** A read-only principal: may read the history, nothing else. */
export const AUDITOR: SigningCredentials = { accessKeyId: 'AKIDEXAMPLEAUDITOR', secretAccessKey: 'auditor-secret-0123456789' };
export const HISTORY_DEVICE = { name: 'history-device', thingNames: ['history-device-thing'] };

/** The service's operator, an auditor and a device: the principals the history tests use. */
export function historyPrincipalsSetting(): string {
  return JSON.stringify([
    { accessKeyId: OPERATOR.accessKeyId, secretAccessKey: OPERATOR.secretAccessKey, role: 'operator' },
    { name: 'auditor', ...AUDITOR, role: 'auditor' },
    { name: HISTORY_DEVICE.name, ...deviceCredentials(HISTORY_DEVICE.name), role: 'device', thingNames: HISTORY_DEVICE.thingNames },
  ]);
}

/** A GET on the history API signed as `credentials` (signing name iot-jobs-history). */
export function historyFetch(url: string, credentials: SigningCredentials = OPERATOR): Promise<Response> {
  return signedFetch(url, {}, { credentials, region: REGION, service: 'iot-jobs-history' });
}

/** A topic prefix no other test uses, so each test sees only its own messages. */
export const uniquePrefix = (label: string) => `test.${label}.${randomUUID().slice(0, 8)}`;

export interface HistoryUnderTest {
  consumer: RunningHistoryConsumer;
  db: TestDatabase;
  outcomes: Array<{ eventId: string; outcome: RecordOutcome }>;
  /** A signed GET (the operator's credentials unless others are given). */
  get(path: string, credentials?: SigningCredentials): Promise<{ status: number; body: any }>;
  rows(): Promise<Array<Record<string, unknown>>>;
  stop(): Promise<void>;
}

/** The history consumer on its own fresh database, reading the topics under `prefix`. */
export async function startHistory(prefix: string, extraEnv: Record<string, string> = {}): Promise<HistoryUnderTest> {
  const db = await freshDatabase('history');
  const outcomes: HistoryUnderTest['outcomes'] = [];
  const { loadHistoryConfig, startHistoryConsumer } = await import('#history-consumer');
  const config = loadHistoryConfig({
    DATABASE_URL: db.url,
    PORT: '0',
    LOG_LEVEL: 'error',
    KAFKA_BROKERS: testKafkaBrokers().join(','),
    KAFKA_GROUP_ID: `history-${randomUUID()}`,
    KAFKA_TOPIC_PREFIX: prefix,
    AUTH_PRINCIPALS: historyPrincipalsSetting(),
    ...extraEnv,
  });
  const consumer = await startHistoryConsumer(config, { onRecorded: (eventId, outcome) => outcomes.push({ eventId, outcome }) });
  return {
    consumer,
    db,
    outcomes,
    async get(path, credentials) {
      const response = await historyFetch(`${consumer.url}${path}`, credentials);
      return { status: response.status, body: await response.json() };
    },
    async rows() {
      const { rows } = await consumer.pool.query('SELECT * FROM audit_history ORDER BY stream_id, stream_version');
      return rows;
    },
    async stop() {
      await consumer.close();
      await db.drop();
    },
  };
}
