import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ExecutionTimeouts } from '#jobs/application';

/**
 * Runs the timeout sweep on an interval. Every instance may sweep: the decider re-checks each
 * deadline on fresh state and the store's version guard lets only one instance time an execution
 * out, so no leader election is needed.
 */
export class TimeoutSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TimeoutSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly timeouts: ExecutionTimeouts,
    private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap(): void {
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.timeouts
        .sweep()
        .catch((error: unknown) => this.logger.error(`Timeout sweep failed: ${String(error)}`))
        .finally(() => (this.running = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
