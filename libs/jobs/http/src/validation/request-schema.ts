import { z } from 'zod';

/**
 * One schema per operation over the three request parts, validated together so that a caller
 * learns about every bad field in one answer. Each part is checked on its own: a body member can
 * never stand in for a path label. A query parameter or body member the schema does not name is
 * refused by name ("x is not supported by this service"), never dropped: that covers the members
 * of the AWS model this service does not honour (listed, with reasons, in
 * test/support/member-decisions.ts) and anything a newer SDK might add. A missing body counts as `{}`.
 */
export function requestSchema<P extends z.ZodRawShape, Q extends z.ZodRawShape, B extends z.ZodRawShape>(parts: { params: P; query: Q; body: B }) {
  return z.object({
    params: z.object(parts.params),
    query: z.strictObject(parts.query),
    body: z.preprocess((body) => (body === undefined ? {} : body), z.strictObject(parts.body, { error: 'Member must be a JSON object' })),
  });
}

export const DEFAULT_MAX_RESULTS = 50;
