import autocannon, { type Result } from 'autocannon';
import { percentile } from './stats.js';
import { THING_SLOT, type WireRequest } from './sdk-wire.js';

export interface LoadResult {
  requests: number;
  /** Completed responses per second over the whole run. */
  throughput: number;
  p50Ms: number;
  p99Ms: number;
  /** Status codes other than the expected one, by code: a benchmark that fails requests is void. */
  unexpected: Record<string, number>;
}

/**
 * Sends `things.length` requests (one per thing, each exactly once) with `connections` open
 * connections, using autocannon. Latencies are taken from every response, not from autocannon's
 * 1 ms-resolution histogram, so sub-millisecond servers still get meaningful percentiles.
 */
export async function replayPerThing(
  url: string,
  wire: WireRequest,
  things: readonly string[],
  connections: number,
  expectedStatus = 200,
): Promise<LoadResult> {
  let next = 0;
  const latencies: number[] = [];
  const unexpected: Record<string, number> = {};
  // The run's span is from the first request's start to the last response, as the responses
  // report them: autocannon's own start-up and its 1 s reporting tick stay out of the figure.
  let firstStart = Number.POSITIVE_INFINITY;
  let lastEnd = Number.NEGATIVE_INFINITY;
  const instance = await new Promise<Result>((resolve, reject) => {
    const run = autocannon(
      {
        url,
        connections: Math.min(connections, things.length),
        amount: things.length,
        timeout: 30,
        requests: [
          {
            method: wire.method,
            headers: wire.headers,
            body: wire.body || undefined,
            // Every request takes the next thing, so each execution is cancelled once.
            setupRequest: (request) => ({
              ...request,
              path: wire.pathTemplate.replace(THING_SLOT, encodeURIComponent(things[next++ % things.length]!)),
            }),
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    run.on('response', (_client, statusCode, _bytes, responseTime) => {
      const now = performance.now();
      firstStart = Math.min(firstStart, now - responseTime);
      lastEnd = Math.max(lastEnd, now);
      latencies.push(responseTime);
      if (statusCode !== expectedStatus) unexpected[statusCode] = (unexpected[statusCode] ?? 0) + 1;
    });
  });
  const elapsedMs = lastEnd - firstStart;
  if (instance.errors > 0) unexpected.connectionErrors = instance.errors;
  return {
    requests: latencies.length,
    throughput: (latencies.length * 1000) / elapsedMs,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    unexpected,
  };
}
