import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RegistryReadModel } from '../../ports/registry-read-model.port.js';
import { RegistryStreams } from '../../support/registry-streams.js';
import { ServiceIdentity, thingGroupArn } from '../../support/service-identity.js';
import { CreateThingGroupCommand, type CreateThingGroupResult } from './create-thing-group.command.js';

@CommandHandler(CreateThingGroupCommand)
export class CreateThingGroupHandler implements ICommandHandler<CreateThingGroupCommand> {
  constructor(
    private readonly streams: RegistryStreams,
    private readonly registry: RegistryReadModel,
    private readonly identity: ServiceIdentity,
  ) {}

  async execute({ input }: CreateThingGroupCommand): Promise<CreateThingGroupResult> {
    const arn = thingGroupArn(this.identity, input.thingGroupName);
    const { actor, ...fields } = input;
    const { state } = await this.streams.decideGroup(input.thingGroupName, async (now) => ({
      type: 'CreateThingGroup',
      data: { ...fields, ...(await this.parentOf(input.parentGroupName)), thingGroupArn: arn, newThingGroupId: randomUUID(), actor, now },
    }));
    return { thingGroupName: input.thingGroupName, thingGroupArn: arn, thingGroupId: state.group!.thingGroupId };
  }

  private async parentOf(parentGroupName: string | undefined) {
    if (parentGroupName === undefined) return {};
    const parent = await this.registry.findGroup(parentGroupName);
    if (parent === undefined) return {};
    const childCount = await this.registry.childCount(parentGroupName);
    return { parent: { name: parent.thingGroupName, rootToParentThingGroups: parent.rootToParentThingGroups, childCount } };
  }
}
