import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ExecutionTimeouts, RolloutTimers, ScheduledEnds, ScheduledStarts } from '#jobs/application';

/**
 * Fires the durable timers on an interval: IN_PROGRESS executions whose stored deadline has passed
 * become TIMED_OUT, paced rollouts whose next chunk is due notify their next targets, and
 * scheduled jobs whose startTime has come start, and those whose endTime has come end. Every instance may sweep: the decider re-checks each deadline on fresh state
 * and the store's version guard lets only one instance make each change, so no leader is needed.
 * (Reactions to what happened, such as retries and job completion, run on the stored events
 * instead; see ReactionRunner.)
 */
export class ServiceSideSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ServiceSideSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly timeouts: ExecutionTimeouts,
    private readonly rollouts: RolloutTimers,
    private readonly scheduledStarts: ScheduledStarts,
    private readonly scheduledEnds: ScheduledEnds,
    private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap(): void {
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = Promise.all([this.timeouts.sweep(), this.rollouts.sweep(), this.scheduledStarts.sweep(), this.scheduledEnds.sweep()])
        .catch((error: unknown) => this.logger.error(`Sweep failed: ${String(error)}`))
        .finally(() => (this.running = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
