import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RegistryStreams } from '../../support/registry-streams.js';
import { DeleteThingCommand } from './delete-thing.command.js';

/**
 * DeleteThing: 200 whether or not the thing exists. Its pending executions become REMOVED through
 * the thing-targets reaction, which reads the ThingDeleted event, so the answer does not wait for them.
 */
@CommandHandler(DeleteThingCommand)
export class DeleteThingHandler implements ICommandHandler<DeleteThingCommand> {
  constructor(private readonly streams: RegistryStreams) {}

  async execute({ input }: DeleteThingCommand): Promise<void> {
    const { thingName, actor, expectedVersion } = input;
    await this.streams.decideThing(thingName, (now) => ({
      type: 'DeleteThing',
      data: { actor, now, ...(expectedVersion !== undefined ? { expectedVersion } : {}) },
    }));
  }
}
