import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError } from '#jobs/domain';
import { RegistryReadModel } from '../../ports/registry-read-model.port.js';
import { ListThingGroupsForThingQuery } from './list-thing-groups-for-thing.query.js';

@QueryHandler(ListThingGroupsForThingQuery)
export class ListThingGroupsForThingHandler implements IQueryHandler<ListThingGroupsForThingQuery> {
  constructor(private readonly registry: RegistryReadModel) {}

  async execute(query: ListThingGroupsForThingQuery) {
    if ((await this.registry.findThing(query.input.thingName)) === undefined) {
      throw new DomainError('ResourceNotFound', `Thing ${query.input.thingName} does not exist`);
    }
    return this.registry.listGroupsForThing(query.input);
  }
}
