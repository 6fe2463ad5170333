import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RegistryStreams } from '../../support/registry-streams.js';
import { UpdateThingGroupCommand } from './update-thing-group.command.js';

@CommandHandler(UpdateThingGroupCommand)
export class UpdateThingGroupHandler implements ICommandHandler<UpdateThingGroupCommand> {
  constructor(private readonly streams: RegistryStreams) {}

  async execute({ input }: UpdateThingGroupCommand): Promise<{ version: number }> {
    const { thingGroupName, actor, ...fields } = input;
    const { state } = await this.streams.decideGroup(thingGroupName, (now) => ({ type: 'UpdateThingGroup', data: { ...fields, actor, now } }));
    return { version: state.group!.version };
  }
}
