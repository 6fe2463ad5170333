/**
 * Drops keys whose value is undefined or null: the wire never carries them (the SDK would drop
 * nulls anyway, but other clients might not).
 */
export function compact<T extends object>(object: T): T {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (value !== undefined && value !== null) result[key] = value;
  }
  return result as T;
}

/** Control-plane `timestamp`: epoch seconds, with the milliseconds as a fraction. */
export function epochSecondsWithFraction(date: Date): number {
  return date.getTime() / 1000;
}

/** Data-plane `long` timestamps: whole epoch seconds. */
export function wholeEpochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'REJECTED', 'REMOVED', 'CANCELED']);

/** Seconds left on the nearer timer, only while the execution can still time out. */
export function secondsBeforeTimedOut(status: string, timeoutAt: Date | undefined, now: Date): number | undefined {
  if (timeoutAt === undefined || TERMINAL.has(status)) return undefined;
  return Math.max(0, Math.ceil((timeoutAt.getTime() - now.getTime()) / 1000));
}
