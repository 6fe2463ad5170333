import { Query } from '@nestjs/cqrs';
import type { ThingGroupView } from '../../ports/registry-read-model.port.js';

export class DescribeThingGroupQuery extends Query<ThingGroupView> {
  constructor(readonly input: { thingGroupName: string }) {
    super();
  }
}
