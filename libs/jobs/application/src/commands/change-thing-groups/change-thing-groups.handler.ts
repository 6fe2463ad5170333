import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '#jobs/domain';
import { RegistryReadModel } from '../../ports/registry-read-model.port.js';
import { RegistryStreams } from '../../support/registry-streams.js';
import { ChangeThingGroupsCommand } from './change-thing-groups.command.js';

/**
 * Membership changes. Every named group must exist (404 otherwise); the thing decider then checks
 * the resulting membership as a whole and records the change as one event, which the
 * CONTINUOUS-jobs reaction follows (docs/aws-behaviour.md §14.7, §15.3).
 */
@CommandHandler(ChangeThingGroupsCommand)
export class ChangeThingGroupsHandler implements ICommandHandler<ChangeThingGroupsCommand> {
  constructor(
    private readonly streams: RegistryStreams,
    private readonly registry: RegistryReadModel,
  ) {}

  async execute({ input }: ChangeThingGroupsCommand): Promise<void> {
    await this.streams.decideThing(input.thingName, async (now, state) => {
      const named = [...new Set([...input.add, ...input.remove])];
      const current = Object.keys(state.thing?.groups ?? {});
      const refs = await this.registry.groupRefs([...new Set([...named, ...current])]);
      const missing = named.filter((name) => !refs.some((ref) => ref.name === name));
      if (missing.length > 0) throw new DomainError('ResourceNotFound', `Thing group ${missing.join(', ')} does not exist`);
      return {
        type: 'ChangeThingGroups',
        data: {
          add: refs.filter((ref) => input.add.includes(ref.name)),
          remove: input.remove,
          liveGroups: refs.filter((ref) => current.includes(ref.name)),
          actor: input.actor,
          now,
        },
      };
    });
  }
}
