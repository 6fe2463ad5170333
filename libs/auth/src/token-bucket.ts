import type { ThrottleSettings } from './principals.js';

export type TakeResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  refilledAt: number;
}

/**
 * One token bucket per key, in memory: each request takes a token, tokens come back at
 * `ratePerSecond` up to `burst`. Keys are authenticated principals, so the map is bounded by the
 * configured principal set.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = Date.now) {}

  take(key: string, settings: ThrottleSettings): TakeResult {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: settings.burst, refilledAt: now };
    const elapsedSeconds = Math.max(0, now - bucket.refilledAt) / 1000;
    bucket.tokens = Math.min(settings.burst, bucket.tokens + elapsedSeconds * settings.ratePerSecond);
    bucket.refilledAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / settings.ratePerSecond)) };
  }
}
