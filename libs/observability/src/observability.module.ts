import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health/health.controller.js';
import { ReadinessProbes, type ReadinessProbe } from './health/readiness.js';
import type { MetricsAccess } from './metrics/metrics-access.js';
import { METRICS_ACCESS, MetricsController } from './metrics/metrics.controller.js';
import { ServiceMetrics } from './metrics/service-metrics.js';
import { OpenApiController } from './openapi/openapi.controller.js';
import { OpenApiDirectory } from './openapi/openapi-directory.js';
import { OPENAPI_DIR } from './openapi/operation-catalog.js';

export interface ObservabilityModuleOptions {
  metrics: ServiceMetrics;
  readiness: readonly ReadinessProbe[];
  openApiDir?: string;
  /** Who may scrape `/metrics`; with a `port`, the route is left out here (startMetricsServer serves it). */
  metricsAccess?: MetricsAccess;
}

/**
 * The operational routes, all outside the AWS API: `/health/live`, `/health/ready`, `/metrics`
 * and `/openapi/<document>.yaml`. None of them needs AWS credentials; `/metrics` may ask for a
 * bearer token or live on its own port (MetricsAccess).
 */
@Module({})
export class ObservabilityModule {
  static register(options: ObservabilityModuleOptions): DynamicModule {
    const probes: ReadinessProbes = { probes: options.readiness };
    const access = options.metricsAccess ?? {};
    const metricsHere = access.port === undefined;
    return {
      module: ObservabilityModule,
      // terminus logs failed checks through Nest's logger; the 503 body already says why.
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json', logger: false })],
      controllers: [HealthController, ...(metricsHere ? [MetricsController] : []), OpenApiController],
      providers: [
        { provide: ServiceMetrics, useValue: options.metrics },
        { provide: METRICS_ACCESS, useValue: access },
        { provide: ReadinessProbes, useValue: probes },
        { provide: OpenApiDirectory, useValue: new OpenApiDirectory(options.openApiDir ?? OPENAPI_DIR) },
      ],
      exports: [ServiceMetrics],
    };
  }
}

/** Paths that carry no AWS credentials and must stay reachable without them (auth must skip them). */
export const PUBLIC_OPERATIONAL_PATHS = [/^\/health\//, /^\/metrics$/, /^\/openapi\//] as const;

export function isPublicOperationalPath(url: string): boolean {
  const path = url.split('?')[0] ?? url;
  return PUBLIC_OPERATIONAL_PATHS.some((pattern) => pattern.test(path));
}
