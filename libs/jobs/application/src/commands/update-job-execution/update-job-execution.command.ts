import { Command } from '@nestjs/cqrs';
import type { JobExecutionStatus, UpdateJobExecutionResult } from '../../views.js';

export class UpdateJobExecutionCommand extends Command<UpdateJobExecutionResult> {
  constructor(
    readonly input: {
      thingName: string;
      jobId: string;
      status: JobExecutionStatus;
      statusDetails?: Record<string, string>;
      stepTimeoutInMinutes?: number;
      expectedVersion?: number;
      executionNumber?: number;
      includeJobExecutionState: boolean;
      includeJobDocument: boolean;
      actor: string;
    },
  ) {
    super();
  }
}
