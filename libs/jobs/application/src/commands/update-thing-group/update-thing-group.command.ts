import { Command } from '@nestjs/cqrs';
import type { AttributePayload } from '#jobs/domain';

export class UpdateThingGroupCommand extends Command<{ version: number }> {
  constructor(
    readonly input: { thingGroupName: string; description?: string; attributePayload?: AttributePayload; expectedVersion?: number; actor: string },
  ) {
    super();
  }
}
