import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RegistryReadModel } from '../../ports/registry-read-model.port.js';
import { RegistryStreams } from '../../support/registry-streams.js';
import { DeleteThingGroupCommand } from './delete-thing-group.command.js';

/**
 * DeleteThingGroup: 200 when missing, 400 while its own stream records child groups, or the
 * registry lists some (children created before parents recorded theirs, DECISIONS.md 62); its
 * memberships go with it, and its parent's stream records that the child is gone, in the same
 * append (docs/aws-behaviour.md §14.4).
 */
@CommandHandler(DeleteThingGroupCommand)
export class DeleteThingGroupHandler implements ICommandHandler<DeleteThingGroupCommand> {
  constructor(
    private readonly streams: RegistryStreams,
    private readonly registry: RegistryReadModel,
  ) {}

  async execute({ input }: DeleteThingGroupCommand): Promise<void> {
    const { thingGroupName, actor, expectedVersion } = input;
    // A child created from now on is on the group's stream, which the decision below guards.
    const registeredChildGroups = await this.registry.childCount(thingGroupName);
    await this.streams.decideGroupUnderParent(
      thingGroupName,
      (group) => group.group?.parentGroupName,
      (now) => ({
        type: 'DeleteThingGroup',
        data: { actor, now, registeredChildGroups, ...(expectedVersion !== undefined ? { expectedVersion } : {}) },
      }),
      (now) => ({ type: 'DetachChildGroup', data: { childGroupName: thingGroupName, actor, now } }),
    );
  }
}
