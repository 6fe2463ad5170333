import { z } from 'zod';
import { authSettings, requirePrincipalsWhenEnabled } from '#auth';
import { metricsSettings } from '#observability';
import { parseSettings } from '#settings';

const postgresUrl = z
  .string()
  .min(1, 'is required (for example postgres://postgres@127.0.0.1:5432/iot_jobs_history)')
  .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// URL');

/** Settings of the audit-history consumer, validated once at start-up (same style as the service). */
const settings = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3100),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Accepted for parity with the service (compose sets it); `production` is the deployed value. */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** The audit-history store (its own tables; may be the service's database or another one). */
  DATABASE_URL: postgresUrl,
  /** The service's event store, read only by the rebuild; defaults to DATABASE_URL. */
  EVENT_STORE_DATABASE_URL: postgresUrl.optional(),
  KAFKA_BROKERS: z
    .string()
    .min(1, 'is required (host:port,...)')
    .transform((v) =>
      v
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean),
    )
    .refine((list) => list.length > 0 && list.every((b) => /^[^\s:]+:\d{1,5}$/.test(b)), 'must be a comma-separated list of host:port'),
  KAFKA_CLIENT_ID: z.string().min(1).default('iot-jobs-history'),
  KAFKA_GROUP_ID: z.string().min(1).default('iot-jobs-history'),
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9._-]+$/, 'must be a valid Kafka topic prefix')
    .default('iot-jobs'),
  /** Region in returned ARNs and in the credential scope every signed request must name. */
  AWS_REGION: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be an AWS region name such as us-east-1')
    .default('us-east-1'),
  AWS_ACCOUNT_ID: z
    .string()
    .regex(/^\d{12}$/, 'must be 12 digits')
    .default('123456789012'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  /** Browser origins (the operator console's, i.e. the service's URL) allowed to read the API. */
  CORS_ALLOWED_ORIGINS: z
    .string()
    .optional()
    .transform((v) =>
      v
        ? v
            .split(',')
            .map((o) => o.trim().replace(/\/+$/, ''))
            .filter(Boolean)
        : [],
    )
    .refine((list) => list.every((o) => /^https?:\/\/[^\s/]+$/.test(o)), 'must be a comma-separated list of origins such as http://127.0.0.1:3000'),
  /** The same principals as the service: operators and auditors may read the history. */
  ...authSettings,
  ...metricsSettings,
});

const schema = settings.superRefine(requirePrincipalsWhenEnabled);

export type HistoryConfig = z.infer<typeof schema>;

/** The schema itself, for the deployment checks (docker-compose.yml, docs/configuration.md). */
export { schema as historyConfigSchema };

export function loadHistoryConfig(env: NodeJS.ProcessEnv = process.env): HistoryConfig {
  return parseSettings(schema, env);
}

/** The rebuild needs only the two databases and the ARN parts, not Kafka. */
const rebuildSchema = settings.pick({ DATABASE_URL: true, EVENT_STORE_DATABASE_URL: true, AWS_REGION: true, AWS_ACCOUNT_ID: true });

export type RebuildConfig = z.infer<typeof rebuildSchema>;

export function loadRebuildConfig(env: NodeJS.ProcessEnv = process.env): RebuildConfig {
  return parseSettings(rebuildSchema, env);
}
