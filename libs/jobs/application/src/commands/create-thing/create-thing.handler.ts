import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RegistryStreams } from '../../support/registry-streams.js';
import { ServiceIdentity, thingArn } from '../../support/service-identity.js';
import { CreateThingCommand, type CreateThingResult } from './create-thing.command.js';

/** CreateThing: idempotent for the same configuration, ResourceAlreadyExists for another (docs/aws-behaviour.md §13.2). */
@CommandHandler(CreateThingCommand)
export class CreateThingHandler implements ICommandHandler<CreateThingCommand> {
  constructor(
    private readonly streams: RegistryStreams,
    private readonly identity: ServiceIdentity,
  ) {}

  async execute({ input }: CreateThingCommand): Promise<CreateThingResult> {
    const arn = thingArn(this.identity, input.thingName);
    const { actor, ...fields } = input;
    const { state } = await this.streams.decideThing(input.thingName, (now) => ({
      type: 'CreateThing',
      data: { ...fields, thingArn: arn, newThingId: randomUUID(), actor, now },
    }));
    return { thingName: input.thingName, thingArn: arn, thingId: state.thing!.thingId };
  }
}
