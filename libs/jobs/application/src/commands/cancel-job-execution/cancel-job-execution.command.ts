import { Command } from '@nestjs/cqrs';

export class CancelJobExecutionCommand extends Command<void> {
  constructor(
    readonly input: {
      thingName: string;
      jobId: string;
      force: boolean;
      expectedVersion?: number;
      statusDetails?: Record<string, string>;
      actor: string;
    },
  ) {
    super();
  }
}
