/** How big a run is: the full suite, or the smoke run the test suite does to keep it working. */
export interface Sizes {
  /**
   * Concurrency levels of the cancel benchmark, cancels measured per level, and cancels sent first
   * (on their own executions, not measured) so that each side is measured warm.
   */
  cancelLevels: Array<{ connections: number; cancels: number; warmup: number }>;
  /** Executions per stream length, and the two lengths compared. */
  streamExecutions: number;
  streamLengths: [short: number, long: number];
  createJobTargets: number;
  relayEvents: number;
  /** The steady-rate latency run: events per second and how long. */
  relayRate: number;
  relaySeconds: number;
  rebuildEvents: number;
  /** Benchmark 7: executions of the job CancelJob sweeps, the sweep's configured rate, other cancels per side. */
  jobWideExecutions: number;
  jobWideRate: number;
  jobWideOtherCancels: number;
  /** Benchmark 8: CancelJobExecution(force) per second, each followed by a notify-next, and for how long. */
  notifyNextRate: number;
  notifyNextSeconds: number;
  /** Benchmark 9: registered things in the group one CreateJob targets. */
  groupJobThings: number;
  /** Benchmark 10 (a): paced jobs of direct thing targets rolling out side by side, and one exponential. */
  rolloutRates: Array<{ perMinute: number; targets: number }>;
  rolloutExponential: { base: number; factor: number; notifiedPerStep: number; targets: number };
  /**
   * Benchmark 10 (b): the paced rollout running beside the cancels (a group of this many things at
   * this rate), cancels per run, and whether each run waits for a timer-fired chunk to land in it.
   */
  rolloutCostThings: number;
  rolloutCostPerMinute: number;
  rolloutCostCancels: number;
  rolloutCostWaitForTimer: boolean;
}

export const FULL: Sizes = {
  cancelLevels: [
    { connections: 1, cancels: 1000, warmup: 200 },
    { connections: 16, cancels: 4000, warmup: 4000 },
    { connections: 64, cancels: 4096, warmup: 1024 },
  ],
  streamExecutions: 100,
  streamLengths: [5, 1000],
  createJobTargets: 10_000,
  relayEvents: 20_000,
  relayRate: 1000,
  relaySeconds: 10,
  rebuildEvents: 50_000,
  jobWideExecutions: 100_000,
  jobWideRate: 5_000,
  jobWideOtherCancels: 4_000,
  notifyNextRate: 25,
  notifyNextSeconds: 10,
  groupJobThings: 100_000,
  // Four rounds each (three timer-fired): about 3 minutes of wall clock, the jobs side by side.
  rolloutRates: [
    { perMinute: 600, targets: 2400 },
    { perMinute: 60, targets: 240 },
  ],
  // 100, then 200, then 400 a minute (a step every 200 notified): rounds of 100, 200, 400.
  rolloutExponential: { base: 100, factor: 2, notifiedPerStep: 200, targets: 700 },
  rolloutCostThings: 10_000,
  rolloutCostPerMinute: 1000,
  rolloutCostCancels: 4_000,
  rolloutCostWaitForTimer: true,
};

export const SMOKE: Sizes = {
  cancelLevels: [
    { connections: 1, cancels: 20, warmup: 4 },
    { connections: 16, cancels: 32, warmup: 16 },
    { connections: 64, cancels: 64, warmup: 64 },
  ],
  streamExecutions: 5,
  streamLengths: [5, 30],
  createJobTargets: 100,
  relayEvents: 200,
  relayRate: 200,
  relaySeconds: 1,
  rebuildEvents: 300,
  jobWideExecutions: 500,
  jobWideRate: 5_000,
  jobWideOtherCancels: 32,
  notifyNextRate: 5,
  notifyNextSeconds: 1,
  groupJobThings: 500,
  // The rate's window is 60 s of wall clock: one timer-fired round is the least that shows a rate.
  rolloutRates: [{ perMinute: 20, targets: 40 }],
  rolloutExponential: { base: 10, factor: 2, notifiedPerStep: 20, targets: 30 },
  rolloutCostThings: 200,
  rolloutCostPerMinute: 100,
  rolloutCostCancels: 32,
  rolloutCostWaitForTimer: false,
};

export interface BenchContext {
  /** The Postgres server; every benchmark makes its own fresh database on it. */
  databaseUrl: string;
  kafkaBrokers: string[];
  sizes: Sizes;
  log(message: string): void;
}
