export { ObservabilityModule, isPublicOperationalPath, PUBLIC_OPERATIONAL_PATHS, type ObservabilityModuleOptions } from './observability.module.js';
export {
  ServiceMetrics,
  type RelayMetrics,
  type ConsumerMetrics,
  type ProjectionMetrics,
  type RequestObservation,
} from './metrics/service-metrics.js';
export { reportEventStorePositions, type Queryable } from './metrics/event-store-positions.js';
export { databaseProbe, relayLagProbe, withTimeout, ReadinessProbes, type ReadinessProbe } from './health/readiness.js';
export { createLogger, prettyByDefault, PinoNestLogger, REDACTED_PATHS, type LoggerOptions, type ServiceLogLevel } from './logging/logger.js';
export { instrumentFastify, type HttpInstrumentationOptions } from './http/instrument-fastify.js';
export { OperationCatalog, OPENAPI_DIR, type DocumentedOperation } from './openapi/operation-catalog.js';
export { metricsAccessOf, metricsSettings, mayScrape, type MetricsAccess } from './metrics/metrics-access.js';
export { startMetricsServer, type MetricsServer } from './metrics/metrics-server.js';
