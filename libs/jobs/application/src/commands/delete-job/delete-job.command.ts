import { Command } from '@nestjs/cqrs';

export class DeleteJobCommand extends Command<void> {
  constructor(readonly input: { jobId: string; force: boolean; actor: string }) {
    super();
  }
}
