import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DEFAULT_HTTP_TIMEOUTS, slowClientOptions } from '#jobs/http';
import pg from 'pg';
import { migrateEventStore } from '#event-store';
import { createKafka } from '#messaging';
import { metricsAccessOf, startMetricsServer, type ServiceMetrics } from '#observability';
import type { HistoryConfig } from './config.js';
import { HistoryModule } from './history.module.js';
import { historyGateFor } from './history-auth.js';
import { HistoryProjector, type HistoryProjectorOptions } from './history-projector.js';
import { setUpHistoryObservability } from './history-observability.js';
import { HISTORY_MIGRATIONS_DIR } from './migrations-dir.js';
import { allowBrowserOrigins } from './browser-origins.js';

export interface RunningHistoryConsumer {
  app: NestFastifyApplication;
  url: string;
  /** Where `GET /metrics` is served: `url`, or the METRICS_PORT listener. */
  metricsUrl: string;
  projector: HistoryProjector;
  metrics: ServiceMetrics;
  pool: pg.Pool;
  close(): Promise<void>;
}

/** Migrates the history store, starts the consumer group and serves the query API. */
export async function startHistoryConsumer(
  config: HistoryConfig,
  hooks: Pick<HistoryProjectorOptions, 'onRecorded'> = {},
): Promise<RunningHistoryConsumer> {
  // The event store's own migrations come along (harmless on a separate database); the history
  // tables live in their own folder and migrations table.
  await migrateEventStore(config.DATABASE_URL, [HISTORY_MIGRATIONS_DIR]);
  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 5 });
  pool.on('error', () => undefined);
  const log = new Logger('HistoryProjector');
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID, logLevel: 'error' });
  const projector = new HistoryProjector({
    kafka,
    pool,
    groupId: config.KAFKA_GROUP_ID,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    log,
    onRecorded: hooks.onRecorded,
  });
  const metricsAccess = metricsAccessOf(config);
  const observability = setUpHistoryObservability({
    pool,
    kafka,
    projector,
    groupId: config.KAFKA_GROUP_ID,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    metricsAccess,
  });
  const module = HistoryModule.forRoot(pool, historyGateFor(config), [observability.module]);
  // Slow clients are cut off as on the service (408), with its default timeouts.
  const app = await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(slowClientOptions(DEFAULT_HTTP_TIMEOUTS)), {
    logger: LEVELS.slice(0, LEVELS.indexOf(config.LOG_LEVEL) + 1),
  });
  allowBrowserOrigins(app.getHttpAdapter().getInstance(), config.CORS_ALLOWED_ORIGINS);
  await projector.start();
  await app.listen(config.PORT, config.HOST);
  const metricsServer =
    metricsAccess.port === undefined
      ? undefined
      : await startMetricsServer(observability.metrics, { ...metricsAccess, port: metricsAccess.port }, config.HOST);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://${config.HOST}:${port}`;
  return {
    app,
    url,
    metricsUrl: metricsServer?.url ?? url,
    projector,
    metrics: observability.metrics,
    pool,
    async close() {
      await projector.stop();
      await observability.close();
      await metricsServer?.close();
      await app.close();
      await pool.end();
    },
  };
}

const LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
