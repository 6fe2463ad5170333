import { pollUntil } from '../poll.js';

/** The metrics page of a running service or consumer, as Prometheus text. */
export async function scrape(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/metrics`);
  if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
  return response.text();
}

/**
 * The value of one sample, e.g. `metricValue(text, 'iot_jobs_relay_lag_events')` or with labels
 * `metricValue(text, 'iot_jobs_consumer_lag_messages', { group: 'g' })`; undefined when absent.
 */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) return Number(match[3]);
  }
  return undefined;
}

/** Polls until the sample satisfies `accept`, and returns its value. */
export function metricOnceItIs(
  baseUrl: string,
  name: string,
  accept: (value: number) => boolean,
  options: { labels?: Record<string, string>; timeoutMs?: number } = {},
): Promise<number> {
  return pollUntil(
    async () => {
      const value = metricValue(await scrape(baseUrl), name, options.labels);
      return value !== undefined && accept(value) ? value : undefined;
    },
    { description: `${name} to reach the expected value`, timeoutMs: options.timeoutMs ?? 20_000, intervalMs: 100 },
  );
}
