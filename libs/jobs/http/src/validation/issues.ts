import type { z } from 'zod';
import { parseRequest, validationMessage } from '#jobs/wire';
import { InvalidRequestError } from '../errors/aws-error.js';

export { validationMessage };

/** Parses `input` with `schema` or throws InvalidRequestError naming each failed field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = parseRequest(schema, input);
  if (parsed.ok) return parsed.data;
  throw new InvalidRequestError(parsed.message);
}
