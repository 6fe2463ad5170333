import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ExecutionTimeouts, JobProgress } from '#jobs/application';

/**
 * The service-side changes nobody asks for, on an interval: executions whose timer expired become
 * TIMED_OUT, and SNAPSHOT jobs whose completion was missed (the process died between an
 * execution's end and the follow-up) are completed. Every instance may sweep: the deciders
 * re-check on fresh state and the store's version guard lets only one instance make each change,
 * so no leader election is needed.
 */
export class ServiceSideSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ServiceSideSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly timeouts: ExecutionTimeouts,
    private readonly progress: JobProgress,
    private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap(): void {
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.sweep()
        .catch((error: unknown) => this.logger.error(`Sweep failed: ${String(error)}`))
        .finally(() => (this.running = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async sweep(): Promise<void> {
    await this.timeouts.sweep();
    await this.progress.completeStalledJobs();
  }
}
