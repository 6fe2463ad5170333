import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { migrateEventStore } from '#event-store';
import type { Clock } from '#jobs/application';
import { createKafka } from '#messaging';
import { metricsAccessOf, PinoNestLogger, startMetricsServer } from '#observability';
import { configureFastify, createJobsFastifyAdapter, DATA_PLANE_PATH_PREFIX } from '#jobs/http';
import { MQTT_MIGRATIONS_DIR } from '#jobs/mqtt';
import { READ_MODEL_MIGRATIONS_DIR } from '#jobs/read-models';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/config.js';
import { startMqttEdge, type MqttEdge } from './mqtt.js';
import { createRelay } from './relay.js';
import { RelayLagMonitor } from './relay-lag.js';
import { openServiceDatabase, type ServiceDatabase } from './embedded/database.js';
import { createLoggerFor, kafkaProbe, setUpObservability } from './observability.js';
import { prepareStatementsOf } from './prepared-statements.js';
import { serveConsole } from './console/serve-console.js';

export interface RunningService {
  app: NestFastifyApplication;
  /** Base URL: the control-plane endpoint. */
  url: string;
  dataPlanePrefix: string;
  /** Where `GET /metrics` is served: `url`, or the METRICS_PORT listener. */
  metricsUrl: string;
  /** The database in use: the configured one, or the embedded PGlite (`embedded` set). */
  database: Omit<ServiceDatabase, 'poolSize'>;
  /** The devices' MQTT API, when MQTT_URL is set. */
  mqtt: MqttEdge | undefined;
  close(): Promise<void>;
}

/** Migrates the database, then starts the HTTP service. Used by main.ts and by end-to-end tests. */
/** What a test may replace in the composition. */
export interface ServiceOverrides {
  clock?: Clock;
}

export async function startService(config: AppConfig, overrides: ServiceOverrides = {}): Promise<RunningService> {
  const database = await openServiceDatabase(config);
  await migrateEventStore(database.url, [READ_MODEL_MIGRATIONS_DIR, MQTT_MIGRATIONS_DIR]);
  const pool = new pg.Pool({
    connectionString: database.url,
    max: database.poolSize,
    // An unreachable database fails a request fast (503) instead of hanging it.
    connectionTimeoutMillis: config.DATABASE_CONNECT_TIMEOUT_MS,
    statement_timeout: config.DATABASE_STATEMENT_TIMEOUT_MS,
    query_timeout: config.DATABASE_STATEMENT_TIMEOUT_MS + 1000,
  });
  // An idle client losing its server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  if (!database.embedded) prepareStatementsOf(pool);
  const kafkaAdmin =
    config.KAFKA_BROKERS.length > 0
      ? createKafka({
          brokers: config.KAFKA_BROKERS,
          clientId: `${config.KAFKA_CLIENT_ID}-health`,
          logLevel: 'nothing',
          connectionTimeoutMs: 2_000,
        }).admin()
      : undefined;
  // Kafka being down never blocks start-up or commands: the relay retries in the background.
  const relayLog = new Logger('OutboxRelay');
  const relay = createRelay(
    config,
    pool,
    (error) => relayLog.warn(String(error)),
    (events) => observability.metrics.relay.published(events.length),
  );
  const relayLag = relay && new RelayLagMonitor(pool, relay.checkpointName);
  const probes =
    kafkaAdmin && relayLag ? [kafkaProbe(() => connectAndDescribe(kafkaAdmin)), relayLag.readinessProbe(config.KAFKA_RELAY_MAX_LAG_EVENTS)] : [];
  const observability = setUpObservability(config, pool, createLoggerFor(config), probes);
  relayLag?.reportTo(observability.metrics);
  const extras = { imports: [observability.module], onAppendConflict: () => observability.metrics.appendConflict(), ...overrides };
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, pool, extras),
    createJobsFastifyAdapter({}, httpTimeoutsOf(config)),
    {
      logger: new PinoNestLogger(observability.logger),
    },
  );
  app.useLogger(new PinoNestLogger(observability.logger));
  app.flushLogs();
  configureFastify(app);
  const draining = closeConnectionsWhenDraining(app);
  serveConsole(app.getHttpAdapter().getInstance(), {
    region: config.AWS_REGION,
    historyApiUrl: config.HISTORY_API_URL ?? null,
    eventsPublished: config.KAFKA_BROKERS.length > 0,
  });
  observability.instrument(app);
  warnIfAuthenticationDisabled(config);
  // No enableShutdownHooks(): main.ts owns SIGTERM (drain in-flight requests, then exit 0); Nest's
  // hook would re-raise the signal after closing and kill the process with it instead.
  await app.listen(config.PORT, config.HOST);
  const metricsAccess = metricsAccessOf(config);
  const metricsServer =
    metricsAccess.port === undefined
      ? undefined
      : await startMetricsServer(observability.metrics, { ...metricsAccess, port: metricsAccess.port }, config.HOST);
  await relay?.start();
  const mqtt = await startMqttEdge(config, app, pool);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://${config.HOST}:${port}`;
  return {
    app,
    url,
    dataPlanePrefix: DATA_PLANE_PATH_PREFIX,
    metricsUrl: metricsServer?.url ?? url,
    database: { url: database.url, embedded: database.embedded },
    mqtt,
    async close() {
      draining.start();
      await mqtt?.stop();
      await relay?.stop();
      await metricsServer?.close();
      await app.close();
      await pool.end();
      await kafkaAdmin?.disconnect().catch(() => undefined);
      await database.embedded?.close();
      observability.logger.flush();
    },
  };
}

/** The readiness probe's question to Kafka: connect (again, if it was down), then list the brokers. */
async function connectAndDescribe(admin: { connect(): Promise<void>; describeCluster(): Promise<{ brokers: unknown[] }> }) {
  await admin.connect();
  return admin.describeCluster();
}

function httpTimeoutsOf(config: AppConfig) {
  return { headersTimeoutMs: config.HTTP_HEADERS_TIMEOUT_MS, requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS };
}

function warnIfAuthenticationDisabled(config: AppConfig): void {
  if (config.AUTH_MODE !== 'disabled') return;
  console.warn(
    [
      '****************************************************************************',
      '* WARNING: AUTH_MODE=disabled. Requests are NOT authenticated or throttled. *',
      '* Anyone who can reach this port can act as any operator or device.        *',
      '* Use this for local development only.                                     *',
      '****************************************************************************',
    ].join('\n'),
  );
}

/**
 * While the service drains (SIGTERM), every response it still sends closes its connection: a
 * client's keep-alive connection would otherwise outlive its last request and hold the closing
 * server open until the client lets go.
 */
function closeConnectionsWhenDraining(app: NestFastifyApplication): { start(): void } {
  let draining = false;
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', async (_request, reply) => {
      if (draining) reply.header('connection', 'close');
    });
  return {
    start() {
      draining = true;
    },
  };
}
