import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ExecutionTimeouts, RolloutTimers, ScheduledEnds, ScheduledStarts } from '#jobs/application';

/**
 * Fires the durable timers on an interval: IN_PROGRESS executions whose stored deadline has passed
 * become TIMED_OUT, paced rollouts whose next chunk is due notify their next targets, scheduled
 * jobs whose startTime has come start, and those whose endTime has come end. Every instance may
 * sweep: the decider re-checks each deadline on fresh state and the store's version guard lets
 * only one instance make each change, so no leader is needed.
 * (Reactions to what happened, such as retries and job completion, run on the stored events
 * instead; see ReactionRunner.)
 *
 * A paced rollout's next chunk is due at a stored instant that falls between two ticks; after each
 * sweep the sweeper looks up the next such instant and, when it comes before the next tick, sweeps
 * the rollouts again at that instant (docs/aws-behaviour.md §19.7). The instant stays in the store:
 * a wake-up lost with the process is the next tick's (or another instance's) to fire.
 */
export class ServiceSideSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ServiceSideSweeper.name);
  private timer?: NodeJS.Timeout;
  private wakeUp?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;

  constructor(
    private readonly timeouts: ExecutionTimeouts,
    private readonly rollouts: RolloutTimers,
    private readonly scheduledStarts: ScheduledStarts,
    private readonly scheduledEnds: ScheduledEnds,
    private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap(): void {
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(
      () => this.run(() => Promise.all([this.timeouts.sweep(), this.rollouts.sweep(), this.scheduledStarts.sweep(), this.scheduledEnds.sweep()])),
      this.intervalMs,
    );
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.wakeUp);
    await this.running;
  }

  /** One sweep at a time; a sweep asked for while one runs is skipped (the running one re-arms the wake-up). */
  private run(sweep: () => Promise<unknown>): void {
    if (this.running || this.stopped) return;
    this.running = sweep()
      .then(() => this.armWakeUp())
      .catch((error: unknown) => this.logger.error(`Sweep failed: ${String(error)}`))
      .finally(() => (this.running = undefined));
  }

  private async armWakeUp(): Promise<void> {
    const inMs = await this.rollouts.untilNextDue();
    clearTimeout(this.wakeUp);
    // Due at or after the next tick: the tick fires it (and looks again).
    if (this.stopped || inMs === undefined || inMs >= this.intervalMs) return;
    this.wakeUp = setTimeout(() => this.run(() => this.rollouts.sweep()), Math.max(0, inMs));
    this.wakeUp.unref();
  }
}
