import { Query } from '@nestjs/cqrs';
import type { ThingView } from '../../ports/registry-read-model.port.js';

export class DescribeThingQuery extends Query<ThingView> {
  constructor(readonly input: { thingName: string }) {
    super();
  }
}
