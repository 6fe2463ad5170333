import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError } from '#jobs/domain';
import { RegistryReadModel } from '../../ports/registry-read-model.port.js';
import { DescribeThingGroupQuery } from './describe-thing-group.query.js';

@QueryHandler(DescribeThingGroupQuery)
export class DescribeThingGroupHandler implements IQueryHandler<DescribeThingGroupQuery> {
  constructor(private readonly registry: RegistryReadModel) {}

  async execute(query: DescribeThingGroupQuery) {
    const group = await this.registry.findGroup(query.input.thingGroupName);
    if (group === undefined) throw new DomainError('ResourceNotFound', `Thing group ${query.input.thingGroupName} does not exist`);
    return group;
  }
}
