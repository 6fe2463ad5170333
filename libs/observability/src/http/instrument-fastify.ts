import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { ServiceMetrics } from '../metrics/service-metrics.js';

export interface HttpInstrumentationOptions {
  logger: Logger;
  metrics: ServiceMetrics;
  /** The response header holding the request id (the SDK's `$metadata.requestId`). */
  requestIdHeader: string;
  /** Who the request acts for (never the credential itself). */
  actorOf(request: FastifyRequest): string;
  /** Which API the request belongs to, e.g. control-plane / data-plane. */
  planeOf(request: FastifyRequest): string;
  /** Operation name for a matched route, e.g. CancelJobExecution; undefined when unknown. */
  operationOf(method: string, routePattern: string): string | undefined;
}

/** Paths that are scraped or probed every few seconds: counted, but not logged per request. */
const QUIET_PATHS = /^\/(health\/|metrics$)/;

/**
 * One log line and one latency observation per request, taken in `onResponse`, when the status
 * is final and the route parameters (thingName, jobId) are known. Unmatched URLs are grouped
 * under one operation label so that scanners cannot inflate the metric's cardinality.
 */
export function instrumentFastify(fastify: FastifyInstance, options: HttpInstrumentationOptions): void {
  fastify.addHook('onResponse', async (request, reply) => {
    const routePattern = request.routeOptions.url;
    const operation = routePattern ? (options.operationOf(request.method, routePattern) ?? `${request.method} ${routePattern}`) : 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    const plane = options.planeOf(request);
    options.metrics.observeRequest({ plane, operation, status: reply.statusCode, seconds });
    if (QUIET_PATHS.test(routePattern ?? '')) return;
    const level = levelFor(reply.statusCode);
    // Building the fields parses the Authorization header: skip it when the line would be dropped.
    if (!options.logger.isLevelEnabled(level)) return;
    options.logger[level](requestFields(request, reply, options, operation, plane), 'request completed');
  });
}

function requestFields(request: FastifyRequest, reply: FastifyReply, options: HttpInstrumentationOptions, operation: string, plane: string) {
  const params = (request.params ?? {}) as Record<string, string | undefined>;
  return {
    requestId: reply.getHeader(options.requestIdHeader),
    actor: options.actorOf(request),
    plane,
    operation,
    method: request.method,
    // The route pattern, not the raw URL: query strings may carry tokens.
    route: request.routeOptions.url ?? null,
    thingName: params.thingName,
    jobId: params.jobId,
    status: reply.statusCode,
    durationMs: Math.round(reply.elapsedTime * 100) / 100,
  };
}

function levelFor(status: number): 'info' | 'warn' | 'error' {
  if (status >= 500) return 'error';
  return status >= 400 ? 'warn' : 'info';
}
