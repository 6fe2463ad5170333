import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RegistryStreams } from '../../support/registry-streams.js';
import { UpdateThingCommand } from './update-thing.command.js';

@CommandHandler(UpdateThingCommand)
export class UpdateThingHandler implements ICommandHandler<UpdateThingCommand> {
  constructor(private readonly streams: RegistryStreams) {}

  async execute({ input }: UpdateThingCommand): Promise<void> {
    const { thingName, actor, ...fields } = input;
    await this.streams.decideThing(thingName, (now) => ({ type: 'UpdateThing', data: { ...fields, actor, now } }));
  }
}
