import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { JobStreams } from '../../support/job-streams.js';
import { JobTemplateStreams } from '../../support/job-template-streams.js';
import { RegistryStreams } from '../../support/registry-streams.js';
import { ServiceIdentity } from '../../support/service-identity.js';
import { taggableResource } from '../../support/taggable-resources.js';
import { UntagResourceCommand } from './untag-resource.command.js';

@CommandHandler(UntagResourceCommand)
export class UntagResourceHandler implements ICommandHandler<UntagResourceCommand> {
  constructor(
    private readonly jobs: JobStreams,
    private readonly templates: JobTemplateStreams,
    private readonly groups: RegistryStreams,
    private readonly identity: ServiceIdentity,
  ) {}

  async execute({ input }: UntagResourceCommand): Promise<void> {
    const { tagKeys, actor } = input;
    const resource = taggableResource(input.resourceArn, this.identity);
    if (resource.kind === 'job') {
      await this.jobs.decide(resource.jobId, (now) => ({ type: 'UntagJob', data: { tagKeys, actor, now } }));
    } else if (resource.kind === 'thingGroup') {
      await this.groups.decideGroup(resource.thingGroupName, (now) => ({ type: 'UntagThingGroup', data: { tagKeys, actor, now } }));
    } else {
      const { jobTemplateId } = resource;
      await this.templates.decide(jobTemplateId, (now) => ({ type: 'UntagJobTemplate', data: { jobTemplateId, tagKeys, actor, now } }));
    }
  }
}
