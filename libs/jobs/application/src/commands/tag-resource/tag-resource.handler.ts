import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { JobStreams } from '../../support/job-streams.js';
import { JobTemplateStreams } from '../../support/job-template-streams.js';
import { RegistryStreams } from '../../support/registry-streams.js';
import { ServiceIdentity } from '../../support/service-identity.js';
import { taggableResource } from '../../support/taggable-resources.js';
import { TagResourceCommand } from './tag-resource.command.js';

/** Tags are decided on the resource's own stream, so they are checked and kept with it. */
@CommandHandler(TagResourceCommand)
export class TagResourceHandler implements ICommandHandler<TagResourceCommand> {
  constructor(
    private readonly jobs: JobStreams,
    private readonly templates: JobTemplateStreams,
    private readonly groups: RegistryStreams,
    private readonly identity: ServiceIdentity,
  ) {}

  async execute({ input }: TagResourceCommand): Promise<void> {
    const { tags, actor } = input;
    const resource = taggableResource(input.resourceArn, this.identity);
    if (resource.kind === 'job') {
      await this.jobs.decide(resource.jobId, (now) => ({ type: 'TagJob', data: { tags, actor, now } }));
    } else if (resource.kind === 'thingGroup') {
      await this.groups.decideGroup(resource.thingGroupName, (now) => ({ type: 'TagThingGroup', data: { tags, actor, now } }));
    } else {
      const { jobTemplateId } = resource;
      await this.templates.decide(jobTemplateId, (now) => ({ type: 'TagJobTemplate', data: { jobTemplateId, tags, actor, now } }));
    }
  }
}
