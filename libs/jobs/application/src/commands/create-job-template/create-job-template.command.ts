import { Command } from '@nestjs/cqrs';
import type { AbortConfig, JobExecutionsRetryConfig, MaintenanceWindow, ResourceTag, TimeoutConfig } from '#jobs/domain';

export interface CreateJobTemplateResult {
  jobTemplateArn: string;
  jobTemplateId: string;
}

/** CreateJobTemplate in AWS terms: `jobArn` copies that job's document and configurations. */
export class CreateJobTemplateCommand extends Command<CreateJobTemplateResult> {
  constructor(
    readonly input: {
      jobTemplateId: string;
      description: string;
      jobArn?: string;
      document?: string;
      timeoutConfig?: TimeoutConfig;
      jobExecutionsRetryConfig?: JobExecutionsRetryConfig;
      abortConfig?: AbortConfig;
      /** Jobs created from the template take these as schedulingConfig.maintenanceWindows. */
      maintenanceWindows?: MaintenanceWindow[];
      /** The template's own tags (a copied job's tags are not copied). */
      tags?: ResourceTag[];
      actor: string;
    },
  ) {
    super();
  }
}
