import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Who may scrape `/metrics`, and where. By default anyone, on the main port (the Prometheus
 * convention: metrics carry no request data). `bearerToken` requires `Authorization: Bearer
 * <token>`; `port` moves the route to its own listener, so that the main port can be exposed
 * while the metrics port stays on an internal network.
 */
export interface MetricsAccess {
  bearerToken?: string;
  port?: number;
}

/** The settings every process with a `/metrics` route reads (see docs/configuration.md). */
export const metricsSettings = {
  /** Unset: `/metrics` is served on PORT. Set: only on this port (`0` picks a free one). */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Unset: scraping needs no credentials. Set: `Authorization: Bearer <token>` is required. */
  METRICS_BEARER_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
};

export function metricsAccessOf(config: { METRICS_PORT?: number | undefined; METRICS_BEARER_TOKEN?: string | undefined }): MetricsAccess {
  return {
    ...(config.METRICS_PORT === undefined ? {} : { port: config.METRICS_PORT }),
    ...(config.METRICS_BEARER_TOKEN === undefined ? {} : { bearerToken: config.METRICS_BEARER_TOKEN }),
  };
}

/** Whether a scrape with this `Authorization` header may read the metrics. */
export function mayScrape(authorization: string | undefined, access: MetricsAccess): boolean {
  if (access.bearerToken === undefined) return true;
  const presented = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
  if (presented === undefined) return false;
  const expected = Buffer.from(access.bearerToken);
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The answer to a scrape without the right token (Prometheus logs the status and the body). */
export const UNAUTHORIZED_SCRAPE = {
  status: 401,
  headers: { 'WWW-Authenticate': 'Bearer realm="metrics"', 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  body: 'A bearer token is required to read the metrics\n',
} as const;
