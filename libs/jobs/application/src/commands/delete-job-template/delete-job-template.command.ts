import { Command } from '@nestjs/cqrs';

export class DeleteJobTemplateCommand extends Command<void> {
  constructor(readonly input: { jobTemplateId: string; actor: string }) {
    super();
  }
}
