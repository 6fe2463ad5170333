import { InvalidRequestError } from '../errors/aws-error.js';

/**
 * Strict UTF-8: a body that is not valid UTF-8 is refused rather than stored with U+FFFD in
 * place of the bytes the client sent. The byte order mark is kept, so that JSON.parse refuses it
 * as before.
 */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The JSON body parser for every operation. An empty body counts as `{}` (the SDK sends `{}`, other
 * clients may send nothing); malformed JSON or invalid UTF-8 becomes an AWS
 * InvalidRequestException instead of Fastify's own error body. `__proto__` keys are refused: a
 * status-details key of that name would otherwise replace the prototype of the map it lands in.
 */
export function parseJsonBody(body: Buffer): unknown {
  const text = decodeUtf8(body);
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

function decodeUtf8(body: Buffer): string {
  try {
    return utf8.decode(body);
  } catch {
    throw new InvalidRequestError('The request body is not valid UTF-8');
  }
}
