import { setTimeout as delay } from 'node:timers/promises';

export interface PollOptions {
  /** Give up after this long (default 20 s). */
  timeoutMs?: number;
  /** Pause between attempts (default 50 ms). */
  intervalMs?: number;
  /** Named in the timeout error, e.g. "all 15 messages consumed". */
  description?: string;
}

/**
 * Calls probe until it returns something other than undefined, and returns that. Tests wait for
 * asynchronous outcomes this way instead of sleeping for a guessed time. The last probe error, if
 * any, is attached to the timeout error.
 */
export async function pollUntil<T>(probe: () => T | undefined | Promise<T | undefined>, options: PollOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const result = await probe();
      if (result !== undefined) return result;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const what = options.description ?? 'condition';
      throw new Error(`pollUntil: ${what} not met within ${timeoutMs} ms`, { cause: lastError });
    }
    await delay(options.intervalMs ?? 50);
  }
}
