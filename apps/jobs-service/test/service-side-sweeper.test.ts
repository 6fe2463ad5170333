import { strict as assert } from 'node:assert';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import type { ExecutionTimeouts, RolloutTimers, ScheduledEnds, ScheduledStarts } from '#jobs/application';
import { ServiceSideSweeper } from '../src/service-side-sweeper.js';

const INTERVAL_MS = 5000;

/**
 * The sweeper's scheduling on mocked timers (no database): which sweeps run at which instant. The
 * sweeps themselves are recorded, and the rollout timers answer "next chunk due in N ms" from a
 * script, as RolloutTimers.untilNextDue would after each sweep.
 */
function sweeperWith(untilNextDue: Array<number | undefined>) {
  const swept: Array<{ what: string; at: number }> = [];
  let now = 0;
  const record = (what: string) => async () => {
    swept.push({ what, at: now });
    return 0;
  };
  const rollouts = { sweep: record('rollouts'), untilNextDue: async () => untilNextDue.shift() } as unknown as RolloutTimers;
  const sweeper = new ServiceSideSweeper(
    { sweep: record('timeouts') } as unknown as ExecutionTimeouts,
    rollouts,
    { sweep: record('starts') } as unknown as ScheduledStarts,
    { sweep: record('ends') } as unknown as ScheduledEnds,
    INTERVAL_MS,
  );
  /** Moves the mocked timers by `ms` and lets the sweeps they started settle. */
  const advance = async (ms: number) => {
    now += ms;
    mock.timers.tick(ms);
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  return { sweeper, swept, advance, rolloutSweeps: () => swept.filter((s) => s.what === 'rollouts').map((s) => s.at) };
}

describe('ServiceSideSweeper', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setInterval', 'setTimeout'] }));
  afterEach(() => mock.timers.reset());

  it('sweeps the paced rollouts again when their next chunk is due, not at the next tick (docs/aws-behaviour.md §19.7)', async () => {
    // After the first tick's sweep, a chunk is due 1.2 s later; nothing after that.
    const { sweeper, advance, rolloutSweeps, swept } = sweeperWith([1200, undefined]);
    sweeper.onApplicationBootstrap();
    await advance(INTERVAL_MS);
    await advance(1200);
    assert.deepEqual(rolloutSweeps(), [5000, 6200]);
    // Only the rollouts are swept in between; the other timers keep the interval.
    assert.deepEqual(
      swept.filter((s) => s.what !== 'rollouts').map((s) => s.at),
      [5000, 5000, 5000],
    );
    await sweeper.onApplicationShutdown();
  });

  it('leaves a chunk due at or after the next tick to the tick, and wakes at once for one already due', async () => {
    const { sweeper, advance, rolloutSweeps } = sweeperWith([INTERVAL_MS, -50, undefined, undefined]);
    sweeper.onApplicationBootstrap();
    await advance(INTERVAL_MS);
    await advance(INTERVAL_MS - 1);
    assert.deepEqual(rolloutSweeps(), [5000]);
    await advance(1);
    await advance(0);
    assert.deepEqual(rolloutSweeps(), [5000, 10000, 10000]);
    await sweeper.onApplicationShutdown();
  });

  it('arms no wake-up after shutdown', async () => {
    const { sweeper, advance, rolloutSweeps } = sweeperWith([1000]);
    sweeper.onApplicationBootstrap();
    await advance(INTERVAL_MS);
    await sweeper.onApplicationShutdown();
    await advance(1000);
    assert.deepEqual(rolloutSweeps(), [5000]);
  });
});
