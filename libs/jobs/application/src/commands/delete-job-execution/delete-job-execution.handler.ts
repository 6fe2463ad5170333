import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ExecutionStreams } from '../../support/execution-streams.js';
import { JobCompletion } from '../../support/job-completion.js';
import { retryOnConflict } from '../../support/retry-on-conflict.js';
import { DeleteJobExecutionCommand } from './delete-job-execution.command.js';

@CommandHandler(DeleteJobExecutionCommand)
export class DeleteJobExecutionHandler implements ICommandHandler<DeleteJobExecutionCommand> {
  constructor(
    private readonly executions: ExecutionStreams,
    private readonly completion: JobCompletion,
  ) {}

  async execute({ input }: DeleteJobExecutionCommand): Promise<void> {
    await retryOnConflict(
      () =>
        this.executions.execute(input.jobId, input.thingName, {
          type: 'DeleteJobExecution',
          data: { executionNumber: input.executionNumber, force: input.force, actor: input.actor, now: new Date() },
        }),
      { pinned: false },
    );
    // Deleting the last pending execution can leave every remaining one terminal.
    await this.completion.afterExecutionEnded(input.jobId);
  }
}
