import { Command } from '@nestjs/cqrs';

export class DeleteThingCommand extends Command<void> {
  constructor(readonly input: { thingName: string; expectedVersion?: number; actor: string }) {
    super();
  }
}
