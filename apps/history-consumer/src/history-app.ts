import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { migrateEventStore } from '#event-store';
import { createKafka } from '#messaging';
import type { ServiceMetrics } from '#observability';
import type { HistoryConfig } from './config.js';
import { HistoryModule } from './history.module.js';
import { HistoryProjector, type HistoryProjectorOptions } from './history-projector.js';
import { setUpHistoryObservability } from './history-observability.js';
import { HISTORY_MIGRATIONS_DIR } from './migrations-dir.js';
import { allowBrowserOrigins } from './browser-origins.js';

export interface RunningHistoryConsumer {
  app: NestFastifyApplication;
  url: string;
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
  const observability = setUpHistoryObservability({ pool, kafka, projector, groupId: config.KAFKA_GROUP_ID, topicPrefix: config.KAFKA_TOPIC_PREFIX });
  const app = await NestFactory.create<NestFastifyApplication>(HistoryModule.forRoot(pool, [observability.module]), new FastifyAdapter(), {
    logger: LEVELS.slice(0, LEVELS.indexOf(config.LOG_LEVEL) + 1),
  });
  allowBrowserOrigins(app.getHttpAdapter().getInstance(), config.CORS_ALLOWED_ORIGINS);
  await projector.start();
  await app.listen(config.PORT, config.HOST);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  return {
    app,
    url: `http://${config.HOST}:${port}`,
    projector,
    metrics: observability.metrics,
    pool,
    async close() {
      await projector.stop();
      await observability.close();
      await app.close();
      await pool.end();
    },
  };
}

const LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
