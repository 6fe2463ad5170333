import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError } from '#jobs/domain';
import { RegistryReadModel } from '../../ports/registry-read-model.port.js';
import { DescribeThingQuery } from './describe-thing.query.js';

@QueryHandler(DescribeThingQuery)
export class DescribeThingHandler implements IQueryHandler<DescribeThingQuery> {
  constructor(private readonly registry: RegistryReadModel) {}

  async execute(query: DescribeThingQuery) {
    const thing = await this.registry.findThing(query.input.thingName);
    if (thing === undefined) throw new DomainError('ResourceNotFound', `Thing ${query.input.thingName} does not exist`);
    return thing;
  }
}
