import { Command } from '@nestjs/cqrs';
import type { AbortConfig, JobExecutionsRetryConfig, JobExecutionsRolloutConfig, TimeoutConfig } from '#jobs/domain';

/** UpdateJob: each member given replaces the job's value whole; absent ones stay as they are. */
export class UpdateJobCommand extends Command<void> {
  constructor(
    readonly input: {
      jobId: string;
      description?: string;
      timeoutConfig?: TimeoutConfig;
      jobExecutionsRetryConfig?: JobExecutionsRetryConfig;
      abortConfig?: AbortConfig;
      jobExecutionsRolloutConfig?: JobExecutionsRolloutConfig;
      actor: string;
    },
  ) {
    super();
  }
}
