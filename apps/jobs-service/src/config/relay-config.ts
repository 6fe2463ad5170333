import { z } from 'zod';
import { parseSettings } from '#settings';
import { configSchema } from './config.js';

const service = configSchema.shape;

/**
 * What the standalone relay (relay-main.ts) reads: the store, Kafka and the AWS identity that goes
 * into each record's source and ARNs. Nothing else: a relay process needs no auth principals, no
 * HTTP port and no embedded database, so it must not be refused for lacking them.
 */
const schema = z.object({
  DATABASE_URL: z
    .string({ error: "is required for the relay (a postgres:// URL of the service's event store)" })
    .min(1, "is required for the relay (a postgres:// URL of the service's event store)")
    .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// URL'),
  KAFKA_BROKERS: service.KAFKA_BROKERS.refine((list) => list.length > 0, 'is required for the relay (host:port,...)'),
  KAFKA_CLIENT_ID: service.KAFKA_CLIENT_ID,
  KAFKA_TOPIC_PREFIX: service.KAFKA_TOPIC_PREFIX,
  KAFKA_RELAY_BATCH_SIZE: service.KAFKA_RELAY_BATCH_SIZE,
  KAFKA_RELAY_LEASE_MS: service.KAFKA_RELAY_LEASE_MS,
  AWS_REGION: service.AWS_REGION,
  AWS_ACCOUNT_ID: service.AWS_ACCOUNT_ID,
});

export type RelayConfig = z.infer<typeof schema>;

export function loadRelayConfig(env: NodeJS.ProcessEnv = process.env): RelayConfig {
  return parseSettings(schema, env);
}

export { schema as relayConfigSchema };
