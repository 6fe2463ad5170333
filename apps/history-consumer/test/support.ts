import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createKafka, decodeJobEventMessage, ensureJobTopics, jobTopics, KafkaSubscriber, type ContractEvent, type Kafka } from '#messaging';
import { testKafkaBrokers } from '#testing';

export {
  AUDITOR,
  HISTORY_DEVICE,
  historyFetch,
  historyPrincipalsSetting,
  startHistory,
  thingArn,
  uniqueName,
  uniquePrefix,
  type HistoryUnderTest,
} from '#testing';

export function testKafka(clientId: string): Kafka {
  return createKafka({ brokers: testKafkaBrokers(), clientId, logLevel: 'nothing' });
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
