import { Command } from '@nestjs/cqrs';
import type { AbortConfig, JobExecutionsRolloutConfig } from '#jobs/domain';
import type { JobSummaryResult } from '../../views.js';

export class CreateJobCommand extends Command<JobSummaryResult> {
  constructor(
    readonly input: {
      jobId: string;
      targets: string[];
      document?: string;
      documentSource?: string;
      description?: string;
      targetSelection?: 'SNAPSHOT' | 'CONTINUOUS';
      timeoutConfig?: { inProgressTimeoutInMinutes?: number };
      jobExecutionsRetryConfig?: {
        criteriaList: Array<{ failureType: 'FAILED' | 'TIMED_OUT' | 'ALL'; numberOfRetries: number }>;
      };
      abortConfig?: AbortConfig;
      jobExecutionsRolloutConfig?: JobExecutionsRolloutConfig;
      actor: string;
    },
  ) {
    super();
  }
}
