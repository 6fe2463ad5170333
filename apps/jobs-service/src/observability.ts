import type { DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type pg from 'pg';
import type { Logger } from 'pino';
import { actorFromAuthorization, planeOf, REQUEST_ID_HEADER } from '#jobs/http';
import {
  createLogger,
  databaseProbe,
  instrumentFastify,
  metricsAccessOf,
  ObservabilityModule,
  OperationCatalog,
  prettyByDefault,
  reportEventStorePositions,
  ServiceMetrics,
  withTimeout,
  type ReadinessProbe,
} from '#observability';
import type { AppConfig } from './config/config.js';

export interface ServiceObservability {
  logger: Logger;
  metrics: ServiceMetrics;
  /** Routes: /health/live, /health/ready, /metrics, /openapi/*.yaml. */
  module: DynamicModule;
  /** Per-request log line and latency metric; call after the app is created, before listen. */
  instrument(app: NestFastifyApplication): void;
}

export function createLoggerFor(config: AppConfig): Logger {
  return createLogger({ level: config.LOG_LEVEL, pretty: config.NODE_ENV !== 'production' && prettyByDefault() });
}

/** Health, metrics, logs and API documents for one service process. */
export function setUpObservability(config: AppConfig, pool: pg.Pool, logger: Logger, extraProbes: ReadinessProbe[] = []): ServiceObservability {
  const metrics = new ServiceMetrics();
  reportEventStorePositions(metrics, pool);
  const operations = OperationCatalog.load();
  return {
    logger,
    metrics,
    module: ObservabilityModule.register({ metrics, readiness: [databaseProbe(pool), ...extraProbes], metricsAccess: metricsAccessOf(config) }),
    instrument(app) {
      instrumentFastify(app.getHttpAdapter().getInstance(), {
        logger,
        metrics,
        requestIdHeader: REQUEST_ID_HEADER,
        actorOf: (request) => actorFromAuthorization(request.headers.authorization),
        planeOf: (request) => (operationalPath(request.url) ? 'operations' : `${planeOf(request.url)}-plane`),
        operationOf: (method, route) => operations.operationOf(method, route),
      });
    },
  };
}

const operationalPath = (url: string) => /^\/(health|metrics|openapi)(\/|$|\?)/.test(url);

/** Kafka answers a metadata request (only when KAFKA_BROKERS is set; otherwise publishing is paused). */
export function kafkaProbe(describeCluster: () => Promise<{ brokers: unknown[] }>, timeoutMs = 3_000): ReadinessProbe {
  return {
    name: 'kafka',
    async probe() {
      const cluster = await withTimeout(describeCluster(), timeoutMs, 'Kafka did not answer');
      return { brokers: cluster.brokers.length };
    },
  };
}
