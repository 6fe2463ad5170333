import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { RegistryReadModel } from '../../ports/registry-read-model.port.js';
import { ListThingsQuery } from './list-things.query.js';

@QueryHandler(ListThingsQuery)
export class ListThingsHandler implements IQueryHandler<ListThingsQuery> {
  constructor(private readonly registry: RegistryReadModel) {}

  async execute(query: ListThingsQuery) {
    return this.registry.listThings(query.input);
  }
}
