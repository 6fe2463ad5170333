import type { ServerOptions } from 'node:http';

/** How long a client may take to send a request; slower ones get a 408 and lose the connection. */
export interface HttpTimeouts {
  /** From the first byte of a request to the end of its headers. */
  headersTimeoutMs: number;
  /** From the first byte of a request to the end of its body (at least `headersTimeoutMs`). */
  requestTimeoutMs: number;
}

export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000 };

/**
 * Node's HTTP server enforces both timeouts, for slow headers and for slow bodies alike (the body
 * is read before authentication, so without them anyone could hold sockets open for free), but
 * only when it checks its connections: every 30 s by default. Checking at a quarter of the
 * shorter timeout (50 ms to 1 s) keeps the actual cut-off close to the configured one. Fastify
 * turns Node's request timeout off unless told otherwise, hence `requestTimeout` here too.
 */
export function slowClientOptions({ headersTimeoutMs, requestTimeoutMs }: HttpTimeouts): { requestTimeout: number; http: ServerOptions } {
  if (headersTimeoutMs > requestTimeoutMs) throw new Error('headersTimeoutMs must not exceed requestTimeoutMs');
  const checkEveryMs = Math.min(1000, Math.max(50, Math.floor(Math.min(headersTimeoutMs, requestTimeoutMs) / 4)));
  return {
    requestTimeout: requestTimeoutMs,
    http: { headersTimeout: headersTimeoutMs, requestTimeout: requestTimeoutMs, connectionsCheckingInterval: checkEveryMs },
  };
}
