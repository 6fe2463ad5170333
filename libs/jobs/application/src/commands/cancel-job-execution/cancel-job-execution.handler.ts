import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ExecutionStreams } from '../../support/execution-streams.js';
import { JobProgress } from '../../support/job-progress.js';
import { retryOnConflict } from '../../support/retry-on-conflict.js';
import { CancelJobExecutionCommand } from './cancel-job-execution.command.js';

/**
 * The execution aggregate decides (version check, state machine); this handler only loads,
 * appends, and retries a lost race when the caller did not pin expectedVersion.
 */
@CommandHandler(CancelJobExecutionCommand)
export class CancelJobExecutionHandler implements ICommandHandler<CancelJobExecutionCommand> {
  constructor(
    private readonly executions: ExecutionStreams,
    private readonly progress: JobProgress,
  ) {}

  async execute({ input }: CancelJobExecutionCommand): Promise<void> {
    await retryOnConflict(
      () =>
        this.executions.execute(input.jobId, input.thingName, {
          type: 'CancelJobExecution',
          data: {
            force: input.force,
            actor: input.actor,
            now: new Date(),
            ...(input.expectedVersion !== undefined ? { expectedVersion: input.expectedVersion } : {}),
            ...(input.statusDetails !== undefined ? { statusDetails: input.statusDetails } : {}),
          },
        }),
      { pinned: input.expectedVersion !== undefined },
    );
    await this.progress.executionEnded(input.jobId, input.thingName, 'CANCELED');
  }
}
