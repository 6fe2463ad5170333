import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mayScrape, UNAUTHORIZED_SCRAPE, type MetricsAccess } from './metrics-access.js';
import type { ServiceMetrics } from './service-metrics.js';

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * `/metrics` on a listener of its own (METRICS_PORT): a plain Node server with one route, so that
 * nothing of the API is reachable through it and it needs none of the API's machinery.
 */
export async function startMetricsServer(metrics: ServiceMetrics, access: MetricsAccess & { port: number }, host: string): Promise<MetricsServer> {
  const server = http.createServer({ headersTimeout: 10_000, requestTimeout: 10_000 }, (request, response) => {
    void answer(metrics, access, request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(access.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function answer(metrics: ServiceMetrics, access: MetricsAccess, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  const path = (request.url ?? '/').split('?', 1)[0];
  if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Only GET /metrics is served here\n');
    return;
  }
  if (!mayScrape(request.headers.authorization, access)) {
    response.writeHead(UNAUTHORIZED_SCRAPE.status, UNAUTHORIZED_SCRAPE.headers).end(UNAUTHORIZED_SCRAPE.body);
    return;
  }
  try {
    const { contentType, body } = await metrics.scrape();
    response.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' }).end(request.method === 'HEAD' ? undefined : body);
  } catch {
    response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('The metrics could not be collected\n');
  }
}
