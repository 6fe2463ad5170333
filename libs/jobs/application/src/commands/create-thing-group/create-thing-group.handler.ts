import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ParentGroup, ThingGroupState } from '#jobs/domain';
import { RegistryStreams } from '../../support/registry-streams.js';
import { ServiceIdentity, thingGroupArn } from '../../support/service-identity.js';
import { CreateThingGroupCommand, type CreateThingGroupResult } from './create-thing-group.command.js';

/**
 * CreateThingGroup: a child's creation is also recorded on its parent's stream, in the same
 * append, so the parent's existence, depth and child limit are decided on the parent's own state
 * (docs/aws-behaviour.md §14.1, §14.4).
 */
@CommandHandler(CreateThingGroupCommand)
export class CreateThingGroupHandler implements ICommandHandler<CreateThingGroupCommand> {
  constructor(
    private readonly streams: RegistryStreams,
    private readonly identity: ServiceIdentity,
  ) {}

  async execute({ input }: CreateThingGroupCommand): Promise<CreateThingGroupResult> {
    const arn = thingGroupArn(this.identity, input.thingGroupName);
    const { actor, ...fields } = input;
    const newThingGroupId = randomUUID();
    const { state } = await this.streams.decideGroupUnderParent(
      input.thingGroupName,
      () => input.parentGroupName,
      (now, _group, parent) => ({
        type: 'CreateThingGroup',
        data: { ...fields, ...parentOf(parent), thingGroupArn: arn, newThingGroupId, actor, now },
      }),
      (now) => ({ type: 'AttachChildGroup', data: { childGroupName: input.thingGroupName, actor, now } }),
    );
    return { thingGroupName: input.thingGroupName, thingGroupArn: arn, thingGroupId: state.group!.thingGroupId };
  }
}

function parentOf(parent: ThingGroupState | undefined): { parent?: ParentGroup } {
  const group = parent?.group;
  if (group === undefined) return {};
  return { parent: { name: group.thingGroupName, rootToParentThingGroups: group.rootToParentThingGroups, childCount: group.childGroupNames.length } };
}
