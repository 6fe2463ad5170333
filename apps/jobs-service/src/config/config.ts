import { z } from 'zod';
import { ConfigError, parseSettings } from '#settings';
import { authSettings, requirePrincipalsWhenEnabled } from '#auth';
import { metricsSettings } from '#observability';
import { consoleSettings } from './console-settings.js';

/**
 * Every setting the service reads, validated once at start-up. A missing or malformed value
 * stops the process with a message that names the variable, instead of failing later and far
 * away from the cause.
 */
const schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    /** Unset: an embedded PGlite database under DATA_DIR (development, single process). */
    DATABASE_URL: z
      .string()
      .optional()
      .transform((v) => (v === '' ? undefined : v))
      .refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// URL'),
    DATA_DIR: z.string().min(1).default('.data'),
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    /** A database that does not answer must turn into a fast 503, never a hung request. */
    DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(2000),
    DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(10000),
    /** Slow clients: a request whose headers, or headers and body, take longer gets a 408. */
    HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).default(10000),
    HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(30000),
    ...metricsSettings,
    ...authSettings,
    KAFKA_BROKERS: z
      .string()
      .optional()
      .transform((v) =>
        v
          ? v
              .split(',')
              .map((b) => b.trim())
              .filter(Boolean)
          : [],
      )
      .refine((list) => list.every((b) => /^[^\s:]+:\d{1,5}$/.test(b)), 'must be a comma-separated list of host:port'),
    KAFKA_CLIENT_ID: z.string().min(1).default('iot-jobs-service'),
    /** Topics are `<prefix>.job-executions.v1` and `<prefix>.jobs.v1` (see docs/asyncapi.yaml). */
    KAFKA_TOPIC_PREFIX: z
      .string()
      .regex(/^[a-zA-Z0-9._-]+$/, 'must be a valid Kafka topic prefix')
      .default('iot-jobs'),
    KAFKA_RELAY_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(100),
    /** How long a dead relay instance blocks the next one from taking over. */
    KAFKA_RELAY_LEASE_MS: z.coerce.number().int().min(500).default(10_000),
    /** Readiness fails once the relay is this many events behind the store (Kafka fell behind). */
    KAFKA_RELAY_MAX_LAG_EVENTS: z.coerce.number().int().min(1).default(10_000),
    /** Unset: devices have no MQTT API (the HTTP data plane still works). See docs/adr/0015-devices-speak-mqtt-through-a-real-broker.md. */
    MQTT_URL: z
      .string()
      .optional()
      .transform((v) => (v === '' ? undefined : v))
      .refine((v) => v === undefined || /^mqtts?:\/\/[^/\s]+/.test(v), 'must be an mqtt:// or mqtts:// URL'),
    /** The service's own broker user: the only one the broker's ACL lets see every thing. */
    MQTT_USERNAME: z.string().min(1).default('iot-jobs-service'),
    MQTT_PASSWORD: z.string().optional(),
    /** Unset: `<MQTT_USERNAME>-<host>-<pid>`, unique per process as brokers require. */
    MQTT_CLIENT_ID: z.string().min(1).max(128).optional(),
    /** How long a dead instance blocks another from taking over the MQTT notifications. */
    MQTT_NOTIFY_LEASE_MS: z.coerce.number().int().min(500).default(10_000),
    AWS_REGION: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be an AWS region name such as us-east-1')
      .default('us-east-1'),
    AWS_ACCOUNT_ID: z
      .string()
      .regex(/^\d{12}$/, 'must be 12 digits')
      .default('123456789012'),
    TIMEOUT_SWEEP_INTERVAL_MS: z.coerce.number().int().min(0).default(5000), // 0 disables the sweeper
    /** How long a dead instance keeps the others from taking over its reactions (retries, completion, job-wide work). */
    REACTION_LEASE_MS: z.coerce.number().int().min(500).default(10_000),
    /** Reactions are woken by each commit; this is how often they look anyway (e.g. when notifications are lost). */
    REACTION_POLL_INTERVAL_MS: z.coerce.number().int().min(10).default(1000),
    /** The least time between two reads of the event log by one reaction: fewer, bigger batches under load. */
    REACTION_MIN_READ_INTERVAL_MS: z.coerce.number().int().min(0).max(10_000).default(50),
    /** CancelJob/DeleteJob change at most this many executions a second, so one big job cannot starve other traffic. */
    JOB_WIDE_WORK_EXECUTIONS_PER_SECOND: z.coerce.number().int().min(1).default(1000),
    /** Executions a job-wide sweep changes at once. */
    JOB_WIDE_WORK_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(16),
    /** registered: a job's thing targets must be things in the registry (404 otherwise); any: every well-formed thing ARN is a thing. */
    THING_TARGETS: z.enum(['registered', 'any']).default('registered'),
    /** Executions the thing-group rollout queues per transaction. */
    ROLLOUT_CHUNK_SIZE: z.coerce.number().int().min(1).max(10_000).default(1000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'log', 'debug', 'verbose']).default('log'),
    ...consoleSettings,
  })
  .superRefine(requirePrincipalsWhenEnabled)
  .superRefine(requestOutlastsHeaders);

export type AppConfig = z.infer<typeof schema>;

function requestOutlastsHeaders(config: { HTTP_HEADERS_TIMEOUT_MS: number; HTTP_REQUEST_TIMEOUT_MS: number }, ctx: z.RefinementCtx): void {
  if (config.HTTP_HEADERS_TIMEOUT_MS > config.HTTP_REQUEST_TIMEOUT_MS) {
    ctx.addIssue({
      code: 'custom',
      path: ['HTTP_HEADERS_TIMEOUT_MS'],
      message: 'must not be greater than HTTP_REQUEST_TIMEOUT_MS (the request timeout covers the headers too)',
    });
  }
}

export { ConfigError };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return parseSettings(schema, env);
}

/** The schema itself, for the documentation check (docs/configuration.md). */
export { schema as configSchema };

/** For processes that cannot run on the embedded database (it lives inside the service process). */
export function requireDatabaseUrl(config: AppConfig, who: string): string {
  if (config.DATABASE_URL) return config.DATABASE_URL;
  throw new ConfigError(`Invalid configuration:\n  DATABASE_URL: is required for ${who}`);
}
