import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ExecutionStreams } from '../../support/execution-streams.js';
import { DeleteJobExecutionCommand } from './delete-job-execution.command.js';

/** Deleting the last pending execution may complete the job: the job-progress reaction sees to it. */
@CommandHandler(DeleteJobExecutionCommand)
export class DeleteJobExecutionHandler implements ICommandHandler<DeleteJobExecutionCommand> {
  constructor(private readonly executions: ExecutionStreams) {}

  async execute({ input }: DeleteJobExecutionCommand): Promise<void> {
    await this.executions.decide(input.jobId, input.thingName, (now) => ({
      type: 'DeleteJobExecution',
      data: { executionNumber: input.executionNumber, force: input.force, actor: input.actor, now },
    }));
  }
}
