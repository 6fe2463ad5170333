/**
 * Whether an error means the database cannot be reached right now (as opposed to a bug or a bad
 * query). Those become 503 ServiceUnavailableException, which the SDK retries.
 */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/** Postgres SQLSTATEs for a server that is shutting down, starting up or out of connections. */
/** 57014: statement_timeout cancelled a query that waited too long, e.g. on a stalled server. */
const SERVER_STATES = new Set(['57P01', '57P02', '57P03', '53300', '57014']);

/** pg and pg-pool raise these without a code. */
const DRIVER_MESSAGES = [
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  // pg's client-side query_timeout: the connection went silent mid-query.
  'Query read timeout',
];

export function isDatabaseUnavailableError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || SERVER_STATES.has(code) || code.startsWith('08'))) {
    return true;
  }
  if (DRIVER_MESSAGES.some((text) => error.message.includes(text))) return true;
  // Node reports a refused connection to a dual-stack host as an AggregateError of attempts.
  if (error instanceof AggregateError) return error.errors.some(isDatabaseUnavailableError);
  // Adapters may wrap the driver's error; the cause still tells what happened.
  return error.cause !== undefined && error.cause !== error && isDatabaseUnavailableError(error.cause);
}
