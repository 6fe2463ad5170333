import { z } from 'zod';

/**
 * One schema per operation over the three request parts, validated together so that a caller
 * learns about every bad field in one answer. Each part is checked on its own: a body member can
 * never stand in for a path label. Unknown query parameters and body members are dropped, as AWS
 * ignores them; a missing body counts as `{}`.
 */
export function requestSchema<P extends z.ZodRawShape, Q extends z.ZodRawShape, B extends z.ZodRawShape>(parts: {
  params: P;
  query: Q;
  body: B;
}) {
  return z.object({
    params: z.object(parts.params),
    query: z.object(parts.query),
    body: z.preprocess(
      (body) => (body === undefined ? {} : body),
      z.object(parts.body, { error: 'Member must be a JSON object' }),
    ),
  });
}

export const DEFAULT_MAX_RESULTS = 50;
