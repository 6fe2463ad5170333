import { Command } from '@nestjs/cqrs';
import type { DeviceJobExecution } from '../../views.js';

export class StartNextPendingJobExecutionCommand extends Command<{ execution?: DeviceJobExecution }> {
  constructor(
    readonly input: {
      thingName: string;
      statusDetails?: Record<string, string>;
      stepTimeoutInMinutes?: number;
      actor: string;
    },
  ) {
    super();
  }
}
