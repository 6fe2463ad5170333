import type { z } from 'zod';
import { validationMessage } from '#jobs/wire';
import { InvalidRequestError } from '../errors/aws-error.js';

export { validationMessage };

/** Parses `input` with `schema` or throws InvalidRequestError naming each failed field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new InvalidRequestError(validationMessage(result.error.issues, input));
}
