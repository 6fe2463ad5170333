import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ExecutionStreams } from '../../support/execution-streams.js';
import { CancelJobExecutionCommand } from './cancel-job-execution.command.js';

/**
 * The execution aggregate decides (version check, state machine); a lost race is decided again
 * unless the caller pinned expectedVersion. What follows the cancel (job completion) is a reaction.
 */
@CommandHandler(CancelJobExecutionCommand)
export class CancelJobExecutionHandler implements ICommandHandler<CancelJobExecutionCommand> {
  constructor(private readonly executions: ExecutionStreams) {}

  async execute({ input }: CancelJobExecutionCommand): Promise<void> {
    await this.executions.decide(
      input.jobId,
      input.thingName,
      (now) => ({
        type: 'CancelJobExecution',
        data: {
          force: input.force,
          actor: input.actor,
          now,
          ...(input.expectedVersion !== undefined ? { expectedVersion: input.expectedVersion } : {}),
          ...(input.statusDetails !== undefined ? { statusDetails: input.statusDetails } : {}),
        },
      }),
      { pinned: input.expectedVersion !== undefined },
    );
  }
}
