import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RegistryReadModel } from '../../ports/registry-read-model.port.js';
import { RegistryStreams } from '../../support/registry-streams.js';
import { DeleteThingGroupCommand } from './delete-thing-group.command.js';

/** DeleteThingGroup: 200 when missing, 400 while it has child groups; its memberships go with it. */
@CommandHandler(DeleteThingGroupCommand)
export class DeleteThingGroupHandler implements ICommandHandler<DeleteThingGroupCommand> {
  constructor(
    private readonly streams: RegistryStreams,
    private readonly registry: RegistryReadModel,
  ) {}

  async execute({ input }: DeleteThingGroupCommand): Promise<void> {
    const { thingGroupName, actor, expectedVersion } = input;
    await this.streams.decideGroup(thingGroupName, async (now) => ({
      type: 'DeleteThingGroup',
      data: { actor, now, childCount: await this.registry.childCount(thingGroupName), ...(expectedVersion !== undefined ? { expectedVersion } : {}) },
    }));
  }
}
