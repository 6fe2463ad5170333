/** Nearest-rank percentile of a sample (p in 0..100); NaN for an empty sample. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function perSecond(count: number, elapsedMs: number): number {
  return elapsedMs <= 0 ? Number.NaN : (count * 1000) / elapsedMs;
}

/** Milliseconds since `start` (a process.hrtime.bigint() reading), as a float. */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Measures two sides `turns` times each, taking turns (a, b, a, b, …), and returns each side's
 * median: one measurement of each can differ by more than the difference being measured, and
 * taking turns gives both the same share of whatever else the machine is doing.
 */
export async function mediansInTurns(
  turns: number,
  a: (turn: number) => Promise<number>,
  b: (turn: number) => Promise<number>,
): Promise<[number, number]> {
  const aValues: number[] = [];
  const bValues: number[] = [];
  for (let turn = 0; turn < turns; turn++) {
    aValues.push(await a(turn));
    bValues.push(await b(turn));
  }
  return [percentile(aValues, 50), percentile(bValues, 50)];
}
