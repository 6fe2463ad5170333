import type { FastifyRequest } from 'fastify';

/**
 * The body bytes exactly as received, kept by the JSON parser: SigV4 verification hashes these,
 * not a re-serialisation of the parsed JSON. Keyed by the Node request so nothing leaks.
 */
const rawBodies = new WeakMap<object, Buffer>();

const EMPTY = Buffer.alloc(0);

export function rememberRawBody(request: FastifyRequest, body: Buffer): void {
  rawBodies.set(request.raw, body);
}

/** A request no parser ran for (GET, DELETE) carried no body. */
export function rawBodyOf(request: FastifyRequest): Buffer {
  return rawBodies.get(request.raw) ?? EMPTY;
}
