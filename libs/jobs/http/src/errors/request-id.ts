import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';

/** The SDK reads `$metadata.requestId` from this header; every response carries one. */
export const REQUEST_ID_HEADER = 'x-amzn-RequestId';

/** Stamps a fresh request id on the reply unless one is already there; returns the id. */
export function ensureRequestId(reply: FastifyReply): string {
  const existing = reply.getHeader(REQUEST_ID_HEADER);
  if (typeof existing === 'string') return existing;
  const id = randomUUID();
  reply.header(REQUEST_ID_HEADER, id);
  return id;
}
