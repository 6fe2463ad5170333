import pg from 'pg';
import { jobStreamId, nextRolloutAt, rolloutAllowance, rolloutRatePerMinute, ROLLOUT_WINDOW_MS, type JobExecutionsRolloutConfig } from '#jobs/domain';

/** One chunk of a paced rollout as stored: `count` targets notified at `atMs`; `dueMs` when its timer was due. */
export interface RolloutChunk {
  atMs: number;
  count: number;
  /** The `nextAt` the chunk before stored, when the chunk waited for the timer (else undefined). */
  dueMs?: number;
}

/**
 * The chunks of a job's rollout from its own JobRolloutAdvanced events (each carries the instant
 * its executions were queued, and the instant the next chunk is due): what happened, timed by the
 * service's clock, not by a poller's.
 */
export async function storedChunks(sql: pg.Pool, jobId: string): Promise<RolloutChunk[]> {
  const { rows } = await sql.query<{ data: { queued: number; at: string; nextAt?: string } }>(
    `SELECT data FROM es_events WHERE stream_id = $1 AND event_type = 'JobRolloutAdvanced' ORDER BY stream_version`,
    [jobStreamId(jobId)],
  );
  const chunks: RolloutChunk[] = [];
  let due: number | undefined;
  for (const { data } of rows) {
    const atMs = Date.parse(data.at);
    if (data.queued > 0) chunks.push({ atMs, count: data.queued, ...(due !== undefined ? { dueMs: due } : {}) });
    const next = data.nextAt === undefined ? undefined : Date.parse(data.nextAt);
    // A chunk stored with room left (nextAt = its own instant) is followed at once, not by the timer.
    due = next !== undefined && next > atMs ? next : undefined;
  }
  return chunks;
}

/**
 * The schedule a rollout would keep with a timer that fires exactly when due: the domain's own
 * arithmetic (docs/aws-behaviour.md §19.3) run on a simulated clock from 0. The reference the
 * achieved schedule is compared with.
 */
export function idealChunks(config: JobExecutionsRolloutConfig, targets: number, chunkSize: number): RolloutChunk[] {
  const chunks: RolloutChunk[] = [];
  const batches: Array<{ at: string; count: number }> = [];
  let [t, notified] = [0, 0];
  for (let guard = 0; notified < targets && guard < 100_000; guard++) {
    const now = new Date(t);
    const rate = rolloutRatePerMinute(config, { notified, succeeded: 0 });
    const allowed = Math.min(chunkSize, rolloutAllowance(rate, batches, now), targets - notified);
    if (allowed > 0) {
      batches.push({ at: now.toISOString(), count: allowed });
      chunks.push({ atMs: t, count: allowed });
      notified += allowed;
      continue;
    }
    t = Math.max(t + 1, nextRolloutAt(rate, batches, now).getTime());
  }
  return chunks;
}

/** Chunks less than half a window apart are one round (a rate step lets more out at once). */
export function rounds(chunks: readonly RolloutChunk[]): Array<{ atMs: number; count: number }> {
  const result: Array<{ atMs: number; count: number }> = [];
  for (const chunk of chunks) {
    const last = result.at(-1);
    if (last !== undefined && chunk.atMs - last.atMs < ROLLOUT_WINDOW_MS / 2) last.count += chunk.count;
    else result.push({ atMs: chunk.atMs, count: chunk.count });
  }
  return result;
}

/**
 * Targets per minute over the rollout's steady part: everything notified before the last round,
 * over the time from the first round to the last. (Counting per calendar minute would flatter a
 * late timer: a round that lands 5 s late still falls into "its" minute.)
 */
export function achievedPerMinute(chunks: readonly RolloutChunk[]): number {
  const all = rounds(chunks);
  if (all.length < 2) return Number.NaN;
  const before = all.slice(0, -1).reduce((sum, round) => sum + round.count, 0);
  return (before * 60_000) / (all.at(-1)!.atMs - all[0]!.atMs);
}

/** The most targets notified within any 60 s sliding window (the limit the rate sets). */
export function busiestWindow(chunks: readonly RolloutChunk[]): number {
  let most = 0;
  for (const chunk of chunks) {
    const inWindow = chunks.filter((other) => other.atMs <= chunk.atMs && other.atMs > chunk.atMs - ROLLOUT_WINDOW_MS);
    most = Math.max(
      most,
      inWindow.reduce((sum, other) => sum + other.count, 0),
    );
  }
  return most;
}

/** How late each timer-fired chunk landed after its stored due instant, in ms. */
export function timerLateness(chunks: readonly RolloutChunk[]): number[] {
  return chunks.filter((chunk) => chunk.dueMs !== undefined).map((chunk) => chunk.atMs - chunk.dueMs!);
}
