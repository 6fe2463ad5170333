/**
 * One dependency readiness depends on. `probe` resolves with details when the dependency is
 * usable and throws (with a message saying why) when it is not.
 */
export interface ReadinessProbe {
  name: string;
  probe(): Promise<Record<string, unknown>>;
}

/** Readiness probes the health controller runs; provided by the app's composition root. */
export abstract class ReadinessProbes {
  abstract readonly probes: readonly ReadinessProbe[];
}

/** The database answers a trivial query within the timeout. */
export function databaseProbe(db: { query(sql: string): Promise<unknown> }, timeoutMs = 2_000): ReadinessProbe {
  return {
    name: 'database',
    async probe() {
      await withTimeout(db.query('SELECT 1'), timeoutMs, 'database did not answer');
      return {};
    },
  };
}

/**
 * Relay lag stays below a bound. `lag()` returns the events not yet published (or undefined
 * while the relay has not measured yet, which counts as ready: a fresh start is not an outage).
 */
export function relayLagProbe(lag: () => number | undefined, maxLagEvents: number): ReadinessProbe {
  return {
    name: 'relay',
    async probe() {
      const current = lag();
      if (current !== undefined && current > maxLagEvents) {
        throw new Error(`relay is ${current} events behind (more than ${maxLagEvents})`);
      }
      return { lagEvents: current ?? null, maxLagEvents };
    },
  };
}

export async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
