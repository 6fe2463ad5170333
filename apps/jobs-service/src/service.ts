import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { migrateEventStore } from '#event-store';
import { configureFastify, createJobsFastifyAdapter, DATA_PLANE_PATH_PREFIX } from '#jobs/http';
import { READ_MODEL_MIGRATIONS_DIR } from '#jobs/read-models';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/config.js';

export interface RunningService {
  app: NestFastifyApplication;
  /** Base URL: the control-plane endpoint. */
  url: string;
  dataPlanePrefix: string;
  close(): Promise<void>;
}

/** Migrates the database, then starts the HTTP service. Used by main.ts and by end-to-end tests. */
export async function startService(config: AppConfig): Promise<RunningService> {
  await migrateEventStore(config.DATABASE_URL, [READ_MODEL_MIGRATIONS_DIR]);
  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: config.DATABASE_POOL_SIZE });
  // An idle client losing its server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, pool), createJobsFastifyAdapter(), {
    logger: loggerLevels(config.LOG_LEVEL),
  });
  configureFastify(app);
  app.enableShutdownHooks();
  await app.listen(config.PORT, config.HOST);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  return {
    app,
    url: `http://${config.HOST}:${port}`,
    dataPlanePrefix: DATA_PLANE_PATH_PREFIX,
    async close() {
      await app.close();
      await pool.end();
    },
  };
}

const LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;

function loggerLevels(level: AppConfig['LOG_LEVEL']) {
  return LEVELS.slice(0, LEVELS.indexOf(level) + 1) as Array<(typeof LEVELS)[number]>;
}
