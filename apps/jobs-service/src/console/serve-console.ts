import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Where `npm run build` puts the console bundle (apps/console/build.mjs). */
export const CONSOLE_BUNDLE_DIR = fileURLToPath(new URL('../../../../console/', import.meta.url));

export const CONSOLE_PATH = '/console';

/** What the console learns from the service before sign-in: defaults only, no credentials. */
export interface ConsoleSettings {
  region: string;
  /** Default base URL of the audit-history API; the operator may change it at sign-in. */
  historyApiUrl: string | null;
  /** False when the service runs without Kafka: then no history consumer can be running. */
  eventsPublished: boolean;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * The console is static files plus its settings, outside the SigV4-guarded API: a browser must load
 * the page before it has credentials. The files are read once at start; every API call the page
 * then makes is signed and authorised like any SDK client's.
 */
const SECURITY_HEADERS = {
  // connect-src is open: the history API's address is chosen by the operator at sign-in.
  'content-security-policy':
    "default-src 'self'; connect-src 'self' http: https:; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export function serveConsole(fastify: FastifyInstance, settings: ConsoleSettings, bundleDir = CONSOLE_BUNDLE_DIR): void {
  const files = readBundle(bundleDir);
  const send = (reply: FastifyReply, name: string) => {
    const file = files.get(name);
    if (!file)
      return reply
        .code(404)
        .type('text/plain; charset=utf-8')
        .send(files.size === 0 ? 'The console is not built: run `npm run build`.' : 'Not found');
    // index.html names the current bundle: never cache it; the bundle files are small.
    return reply.headers(SECURITY_HEADERS).header('cache-control', 'no-cache').type(file.type).send(file.body);
  };
  fastify.get(CONSOLE_PATH, (_request, reply) => reply.redirect(`${CONSOLE_PATH}/`, 302));
  fastify.get(`${CONSOLE_PATH}/`, (_request, reply) => send(reply, 'index.html'));
  fastify.get(`${CONSOLE_PATH}/settings.json`, (_request, reply) => reply.header('cache-control', 'no-store').send(settings));
  fastify.get<{ Params: { file: string } }>(`${CONSOLE_PATH}/:file`, (request, reply) => send(reply, request.params.file));
}

function readBundle(dir: string): Map<string, { type: string; body: Buffer }> {
  const files = new Map<string, { type: string; body: Buffer }>();
  if (!existsSync(dir)) return files;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const type = CONTENT_TYPES[extname(entry.name)];
    if (entry.isFile() && type) files.set(entry.name, { type, body: readFileSync(join(dir, entry.name)) });
  }
  return files;
}
