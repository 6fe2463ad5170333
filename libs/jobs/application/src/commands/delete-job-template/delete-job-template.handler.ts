import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { JobTemplateStreams } from '../../support/job-template-streams.js';
import { DeleteJobTemplateCommand } from './delete-job-template.command.js';

/** Deletes a template; jobs created from it keep what they copied. A missing one is ResourceNotFound. */
@CommandHandler(DeleteJobTemplateCommand)
export class DeleteJobTemplateHandler implements ICommandHandler<DeleteJobTemplateCommand> {
  constructor(private readonly templates: JobTemplateStreams) {}

  async execute({ input }: DeleteJobTemplateCommand): Promise<void> {
    await this.templates.decide(input.jobTemplateId, (now) => ({
      type: 'DeleteJobTemplate',
      data: { jobTemplateId: input.jobTemplateId, actor: input.actor, now },
    }));
  }
}
