import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError, type ResourceTag } from '#jobs/domain';
import { JobsReadModel } from '../../ports/jobs-read-model.port.js';
import { ServiceIdentity } from '../../support/service-identity.js';
import { taggableResource } from '../../support/taggable-resources.js';
import { ListTagsForResourceQuery } from './list-tags-for-resource.query.js';

@QueryHandler(ListTagsForResourceQuery)
export class ListTagsForResourceHandler implements IQueryHandler<ListTagsForResourceQuery> {
  constructor(
    private readonly readModel: JobsReadModel,
    private readonly identity: ServiceIdentity,
  ) {}

  async execute({ input }: ListTagsForResourceQuery): Promise<ResourceTag[]> {
    const resource = taggableResource(input.resourceArn, this.identity);
    const tags = await this.readModel.listTags(resource);
    if (tags === undefined) throw new DomainError('ResourceNotFound', `${input.resourceArn} does not exist`);
    return tags;
  }
}
