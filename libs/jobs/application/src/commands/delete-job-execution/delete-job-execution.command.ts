import { Command } from '@nestjs/cqrs';

export class DeleteJobExecutionCommand extends Command<void> {
  constructor(readonly input: { thingName: string; jobId: string; executionNumber: number; force: boolean; actor: string }) {
    super();
  }
}
