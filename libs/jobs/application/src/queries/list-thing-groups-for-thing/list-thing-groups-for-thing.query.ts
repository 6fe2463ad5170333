import { Query } from '@nestjs/cqrs';
import type { GroupSummary, RegistryReadModel } from '../../ports/registry-read-model.port.js';
import type { Page } from '../../views.js';

export class ListThingGroupsForThingQuery extends Query<Page<GroupSummary>> {
  constructor(readonly input: Parameters<RegistryReadModel['listGroupsForThing']>[0]) {
    super();
  }
}
