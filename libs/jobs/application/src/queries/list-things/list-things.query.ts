import { Query } from '@nestjs/cqrs';
import type { RegistryReadModel, ThingView } from '../../ports/registry-read-model.port.js';
import type { Page } from '../../views.js';

export class ListThingsQuery extends Query<Page<ThingView>> {
  constructor(readonly input: Parameters<RegistryReadModel['listThings']>[0]) {
    super();
  }
}
