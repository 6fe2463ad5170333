import { Command } from '@nestjs/cqrs';
import type { Tag } from '#jobs/domain';

export interface CreateThingGroupResult {
  thingGroupName: string;
  thingGroupArn: string;
  thingGroupId: string;
}

export class CreateThingGroupCommand extends Command<CreateThingGroupResult> {
  constructor(
    readonly input: {
      thingGroupName: string;
      parentGroupName?: string;
      description?: string;
      attributes?: Record<string, string>;
      tags?: Tag[];
      actor: string;
    },
  ) {
    super();
  }
}
