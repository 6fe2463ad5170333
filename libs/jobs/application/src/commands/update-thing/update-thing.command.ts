import { Command } from '@nestjs/cqrs';
import type { AttributePayload } from '#jobs/domain';

export class UpdateThingCommand extends Command<void> {
  constructor(
    readonly input: {
      thingName: string;
      thingTypeName?: string;
      removeThingType?: boolean;
      attributePayload?: AttributePayload;
      expectedVersion?: number;
      actor: string;
    },
  ) {
    super();
  }
}
