import type { FastifyInstance } from 'fastify';

/** What a SigV4-signed GET from a browser carries besides the simple headers. */
const SIGNED_REQUEST_HEADERS = 'authorization, x-amz-date, x-amz-content-sha256, x-amz-security-token';

/**
 * CORS for the operator console, which runs on the service's origin and reads this API from the
 * browser. Only the configured origins get answers they may read; a preflight is answered before
 * any route or authentication runs (browsers send it without credentials), and it grants GET only.
 */
export function allowBrowserOrigins(fastify: FastifyInstance, origins: readonly string[]): void {
  if (origins.length === 0) return;
  const allowed = new Set(origins);
  fastify.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (!origin || !allowed.has(origin)) return;
    reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
      return reply
        .code(204)
        .header('access-control-allow-methods', 'GET')
        .header('access-control-allow-headers', SIGNED_REQUEST_HEADERS)
        .header('access-control-max-age', '600')
        .send();
    }
  });
}
