import { Readable } from 'node:stream';
import { CancelJobExecutionCommand, IoTClient } from '@aws-sdk/client-iot';

/** One HTTP request exactly as the official SDK puts it on the wire, with the thing name as a slot. */
export interface WireRequest {
  method: string;
  /** Path and query; THING_SLOT stands where the thing name goes. */
  pathTemplate: string;
  headers: Record<string, string>;
  body: string;
}

export const THING_SLOT = '__THING__';

/**
 * Captures what `@aws-sdk/client-iot` sends for CancelJobExecution (method, path, query, headers
 * including the SigV4 Authorization, body) by handing the client a request handler that records
 * instead of sending. The load generator then replays that shape with each thing's name.
 */
export async function captureCancelJobExecution(jobId: string, force: boolean): Promise<WireRequest> {
  let captured: { method: string; path: string; query?: Record<string, unknown>; headers: Record<string, string>; body?: unknown } | undefined;
  const client = new IoTClient({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:1',
    credentials: { accessKeyId: 'AKIDBENCHOPERATOR', secretAccessKey: 'bench-secret-key' },
    maxAttempts: 1,
    requestHandler: {
      async handle(request: typeof captured) {
        captured = request;
        return { response: { statusCode: 200, headers: {}, body: Readable.from([]) } };
      },
    } as never,
  });
  try {
    await client.send(new CancelJobExecutionCommand({ jobId, thingName: THING_SLOT, force }));
  } finally {
    client.destroy();
  }
  if (!captured) throw new Error('the SDK sent no request');
  const query = new URLSearchParams(Object.entries(captured.query ?? {}).map(([k, v]): [string, string] => [k, String(v)])).toString();
  const headers = Object.fromEntries(Object.entries(captured.headers).filter(([name]) => !['host', 'content-length'].includes(name.toLowerCase())));
  return {
    method: captured.method,
    pathTemplate: `${captured.path}${query ? `?${query}` : ''}`,
    headers,
    body: typeof captured.body === 'string' ? captured.body : '',
  };
}
