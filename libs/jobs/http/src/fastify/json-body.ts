import { InvalidRequestError } from '../errors/aws-error.js';

/**
 * The JSON body parser for every operation. An empty body counts as `{}` (the SDK sends `{}`, other
 * clients may send nothing); malformed JSON becomes an AWS InvalidRequestException instead of
 * Fastify's own error body. `__proto__` keys are refused: a status-details key of that name would
 * otherwise replace the prototype of the map it lands in.
 */
export function parseJsonBody(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text, refusePrototypeKeys);
  } catch (error) {
    if (error instanceof InvalidRequestError) throw error;
    throw new InvalidRequestError(`Malformed JSON in request body: ${(error as Error).message}`);
  }
}

function refusePrototypeKeys(key: string, value: unknown): unknown {
  if (key === '__proto__') throw new InvalidRequestError('Request body contains the forbidden key "__proto__"');
  return value;
}
