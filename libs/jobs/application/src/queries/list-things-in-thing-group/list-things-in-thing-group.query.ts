import { Query } from '@nestjs/cqrs';
import type { RegistryReadModel } from '../../ports/registry-read-model.port.js';
import type { Page } from '../../views.js';

export class ListThingsInThingGroupQuery extends Query<Page<string>> {
  constructor(readonly input: Parameters<RegistryReadModel['listThingsInGroup']>[0]) {
    super();
  }
}
