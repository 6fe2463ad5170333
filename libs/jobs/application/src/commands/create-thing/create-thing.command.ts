import { Command } from '@nestjs/cqrs';

export interface CreateThingResult {
  thingName: string;
  thingArn: string;
  thingId: string;
}

export class CreateThingCommand extends Command<CreateThingResult> {
  constructor(
    readonly input: {
      thingName: string;
      thingTypeName?: string;
      attributes?: Record<string, string>;
      billingGroupName?: string;
      actor: string;
    },
  ) {
    super();
  }
}
