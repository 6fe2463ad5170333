import { Query } from '@nestjs/cqrs';
import type { RegistryReadModel } from '../../ports/registry-read-model.port.js';
import type { Page } from '../../views.js';

export class ListThingGroupsForThingQuery extends Query<Page<{ groupName: string }>> {
  constructor(readonly input: Parameters<RegistryReadModel['listGroupsForThing']>[0]) {
    super();
  }
}
