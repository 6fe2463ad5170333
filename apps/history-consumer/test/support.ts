import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createKafka, decodeJobEventMessage, ensureJobTopics, jobTopics, KafkaSubscriber, type ContractEvent, type Kafka } from '#messaging';
import { freshDatabase, signedFetch, testKafkaBrokers, type SigningCredentials, type TestDatabase } from '#testing';
import { loadHistoryConfig } from '../src/config.js';
import { startHistoryConsumer, type RunningHistoryConsumer } from '../src/history-app.js';
import type { RecordOutcome } from '../src/history-writer.js';

import { deviceCredentials, OPERATOR, REGION } from '#testing';

export { thingArn, uniqueName } from '#testing';

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

export function testKafka(clientId: string): Kafka {
  return createKafka({ brokers: testKafkaBrokers(), clientId, logLevel: 'nothing' });
}

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

/** A plain consumer group on both topics that keeps every decoded message, in arrival order. */
export async function collectTopics(kafka: Kafka, prefix: string): Promise<{ received: ContractEvent[]; stop(): Promise<void> }> {
  const topics = jobTopics(prefix);
  const subscriber = new KafkaSubscriber(kafka, {
    groupId: `collector-${randomUUID()}`,
    topics: [topics.jobExecutions, topics.jobs],
    fromBeginning: true,
    maxWaitTimeMs: 200,
  });
  const received: ContractEvent[] = [];
  await ensureJobTopics(kafka, prefix);
  await subscriber.connect();
  await subscriber.run({ eachMessage: async ({ message }) => void received.push(decodeJobEventMessage(message)) });
  return { received, stop: () => subscriber.disconnect() };
}

export async function storeEventIds(url: string): Promise<string[]> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    const { rows } = await pool.query<{ event_id: string }>('SELECT event_id FROM es_events ORDER BY global_position');
    return rows.map((r) => r.event_id);
  } finally {
    await pool.end();
  }
}
