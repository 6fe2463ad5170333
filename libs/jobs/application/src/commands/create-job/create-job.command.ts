import { Command } from '@nestjs/cqrs';
import type { AbortConfig, JobExecutionsRetryConfig, JobExecutionsRolloutConfig, ResourceTag, SchedulingConfig } from '#jobs/domain';
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
      jobExecutionsRetryConfig?: JobExecutionsRetryConfig;
      abortConfig?: AbortConfig;
      /** The template that supplies the document and the configurations the request leaves out. */
      jobTemplateArn?: string;
      jobExecutionsRolloutConfig?: JobExecutionsRolloutConfig;
      /** The job's own tags (a template's tags are not inherited). */
      tags?: ResourceTag[];
      /** With a startTime the job is SCHEDULED until then. */
      schedulingConfig?: SchedulingConfig;
      actor: string;
    },
  ) {
    super();
  }
}
