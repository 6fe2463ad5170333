import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ExecutionStreams } from '../../support/execution-streams.js';
import { JobProgress } from '../../support/job-progress.js';
import { retryOnConflict } from '../../support/retry-on-conflict.js';
import { DeleteJobExecutionCommand } from './delete-job-execution.command.js';

@CommandHandler(DeleteJobExecutionCommand)
export class DeleteJobExecutionHandler implements ICommandHandler<DeleteJobExecutionCommand> {
  constructor(
    private readonly executions: ExecutionStreams,
    private readonly progress: JobProgress,
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
    await this.progress.executionDeleted(input.jobId);
  }
}
