import type pg from 'pg';
import { createKafka, OutboxRelay, type OutboxRelayOptions } from '#messaging';
import type { AppConfig } from './config/config.js';

/** The settings a relay needs; both the service's and the standalone relay's config provide them. */
export type RelaySettings = Pick<
  AppConfig,
  'KAFKA_BROKERS' | 'KAFKA_CLIENT_ID' | 'KAFKA_TOPIC_PREFIX' | 'KAFKA_RELAY_BATCH_SIZE' | 'KAFKA_RELAY_LEASE_MS' | 'AWS_REGION' | 'AWS_ACCOUNT_ID'
>;

/**
 * The outbox relay for this service's configuration, or undefined when KAFKA_BROKERS is empty:
 * then events simply stay in the store (nothing is lost; a relay started later catches up).
 */
export function createRelay(
  config: RelaySettings,
  pool: pg.Pool,
  onError?: (error: unknown) => void,
  onPublished?: OutboxRelayOptions['onPublished'],
): OutboxRelay | undefined {
  if (config.KAFKA_BROKERS.length === 0) return undefined;
  const kafka = createKafka({
    brokers: config.KAFKA_BROKERS,
    clientId: `${config.KAFKA_CLIENT_ID}-relay`,
    logLevel: 'nothing',
    connectionTimeoutMs: 3_000,
  });
  return new OutboxRelay({
    pool,
    kafka,
    context: {
      source: `//iot-jobs/${config.AWS_REGION}/${config.AWS_ACCOUNT_ID}`,
      region: config.AWS_REGION,
      accountId: config.AWS_ACCOUNT_ID,
    },
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    batchSize: config.KAFKA_RELAY_BATCH_SIZE,
    leaseMs: config.KAFKA_RELAY_LEASE_MS,
    onError,
    onPublished,
  });
}
