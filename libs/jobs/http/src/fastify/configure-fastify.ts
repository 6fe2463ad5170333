import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { sendAwsError } from '../errors/aws-exception.filter.js';
import { ensureRequestId } from '../errors/request-id.js';
import { toAwsErrorResponse } from '../errors/to-aws-error.js';
import { InvalidRequestError } from '../errors/aws-error.js';
import { DATA_PLANE_PATH_PREFIX, planeOf } from '../planes.js';
import { rememberRawBody } from '../auth/raw-body.js';
import { parseJsonBody } from './json-body.js';
import { DEFAULT_HTTP_TIMEOUTS, slowClientOptions, type HttpTimeouts } from './timeouts.js';

export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

/**
 * Thing names are up to 128 characters and may be percent-encoded up to 3 bytes each; Fastify's
 * default (100) would answer a valid long name with 414 before validation sees it.
 */
const MAX_PATH_PARAM_LENGTH = 2048;

/**
 * The Fastify adapter for the jobs edge. Options that exist only at construction time live here:
 * the body limit, the path-parameter limit, the `//` normalisation, the slow-client timeouts, and
 * AWS-shaped answers to URLs the router cannot even decode. Pair it with `configureFastify(app)`.
 */
export function createJobsFastifyAdapter(options: FastifyServerOptions = {}, timeouts: HttpTimeouts = DEFAULT_HTTP_TIMEOUTS): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: MAX_REQUEST_BODY_BYTES,
    ...slowClientOptions(timeouts),
    rewriteUrl: (request: IncomingMessage) => collapseEndpointSlashes(request.url ?? '/'),
    frameworkErrors: answerRouterError,
    clientErrorHandler: answerUnparsableRequest,
    ...options,
    routerOptions: { maxParamLength: MAX_PATH_PARAM_LENGTH, ...options.routerOptions },
  });
}

/**
 * Registers the JSON body parser and the request-id hook. Call it after `NestFactory.create` with
 * the adapter above and before `init()`/`listen()`.
 */
export function configureFastify(app: NestFastifyApplication): NestFastifyApplication {
  app.useBodyParser('application/json', { bodyLimit: MAX_REQUEST_BODY_BYTES }, async (request: FastifyRequest, body: Buffer) => {
    rememberRawBody(request, body);
    return parseJsonBody(body);
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (_request, reply) => {
      ensureRequestId(reply);
    });
  return app;
}

/**
 * An SDK endpoint configured with a trailing slash produces `//` right after its path
 * (`http://h/data-plane/` → `/data-plane//things/...`); only that spot is collapsed. Any other `//`
 * is an empty path label and must reach validation to be refused with a 400.
 */
export function collapseEndpointSlashes(url: string): string {
  const prefix = url.startsWith(`${DATA_PLANE_PATH_PREFIX}/`) ? DATA_PLANE_PATH_PREFIX : '';
  const rest = url.slice(prefix.length);
  return rest.startsWith('//') ? `${prefix}/${rest.replace(/^\/+/, '')}` : url;
}

/** The router rejects undecodable URLs (`%ZZ`) before any hook or filter runs. */
function answerRouterError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  ensureRequestId(reply);
  const invalid = new InvalidRequestError(`The request URL is invalid: ${error.message}`, error.statusCode ?? 400);
  sendAwsError(reply, toAwsErrorResponse(invalid, planeOf(request.url ?? '/')));
}

/** How Node's refusals before Fastify are answered, by Node's error code. */
interface ClientErrorAnswer {
  status: number;
  reason: string;
  /** `RequestTimeoutException` is a name the SDKs treat as transient and retry. */
  name: 'InvalidRequestException' | 'RequestTimeoutException';
  message: string;
}

const CLIENT_ERRORS: Record<string, ClientErrorAnswer> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    name: 'InvalidRequestException',
    message: 'The request headers are too large',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    reason: 'Request Timeout',
    name: 'RequestTimeoutException',
    message: 'The request (headers and body) did not arrive within the time allowed',
  },
};
const UNPARSABLE: ClientErrorAnswer = {
  status: 400,
  reason: 'Bad Request',
  name: 'InvalidRequestException',
  message: 'The request could not be parsed as HTTP',
};

/**
 * Node's HTTP server refuses some requests before Fastify sees them (a head over 16 KiB, control
 * bytes in the request line, headers or body arriving too slowly). Answer those in the same AWS
 * shape as every other refusal, so a client parsing `x-amzn-ErrorType` never meets a bare Node
 * error. Nothing is written once a response has begun on the socket.
 */
function answerUnparsableRequest(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable || socket.bytesWritten > 0) {
    socket.destroy();
    return;
  }
  const { status, reason, name, message } = CLIENT_ERRORS[error.code ?? ''] ?? UNPARSABLE;
  const body = JSON.stringify({ message });
  socket.end(
    [
      `HTTP/1.1 ${status} ${reason}`,
      'content-type: application/json',
      `content-length: ${Buffer.byteLength(body)}`,
      `x-amzn-ErrorType: ${name}`,
      `x-amzn-RequestId: ${randomUUID()}`,
      'connection: close',
      '',
      body,
    ].join('\r\n'),
  );
}
