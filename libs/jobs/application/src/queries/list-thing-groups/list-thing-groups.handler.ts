import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError } from '#jobs/domain';
import { RegistryReadModel } from '../../ports/registry-read-model.port.js';
import { ListThingGroupsQuery } from './list-thing-groups.query.js';

@QueryHandler(ListThingGroupsQuery)
export class ListThingGroupsHandler implements IQueryHandler<ListThingGroupsQuery> {
  constructor(private readonly registry: RegistryReadModel) {}

  async execute(query: ListThingGroupsQuery) {
    const { parentGroup } = query.input;
    if (parentGroup !== undefined && (await this.registry.findGroup(parentGroup)) === undefined) {
      throw new DomainError('ResourceNotFound', `Thing group ${parentGroup} does not exist`);
    }
    return this.registry.listGroups(query.input);
  }
}
