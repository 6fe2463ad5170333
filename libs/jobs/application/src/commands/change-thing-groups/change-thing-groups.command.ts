import { Command } from '@nestjs/cqrs';

/** AddThingToThingGroup, RemoveThingFromThingGroup and UpdateThingGroupsForThing, by group name. */
export class ChangeThingGroupsCommand extends Command<void> {
  constructor(readonly input: { thingName: string; add: string[]; remove: string[]; actor: string }) {
    super();
  }
}
