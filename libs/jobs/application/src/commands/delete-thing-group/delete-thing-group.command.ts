import { Command } from '@nestjs/cqrs';

export class DeleteThingGroupCommand extends Command<void> {
  constructor(readonly input: { thingGroupName: string; expectedVersion?: number; actor: string }) {
    super();
  }
}
