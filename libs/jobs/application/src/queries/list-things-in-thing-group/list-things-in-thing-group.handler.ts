import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError } from '#jobs/domain';
import { RegistryReadModel } from '../../ports/registry-read-model.port.js';
import { ListThingsInThingGroupQuery } from './list-things-in-thing-group.query.js';

@QueryHandler(ListThingsInThingGroupQuery)
export class ListThingsInThingGroupHandler implements IQueryHandler<ListThingsInThingGroupQuery> {
  constructor(private readonly registry: RegistryReadModel) {}

  async execute(query: ListThingsInThingGroupQuery) {
    if ((await this.registry.findGroup(query.input.groupName)) === undefined) {
      throw new DomainError('ResourceNotFound', `Thing group ${query.input.groupName} does not exist`);
    }
    return this.registry.listThingsInGroup(query.input);
  }
}
