import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError, isTerminalExecutionStatus, type JobExecutionEvent } from '#jobs/domain';
import { JobsReadModel } from '../../ports/jobs-read-model.port.js';
import { ExecutionStreams } from '../../support/execution-streams.js';
import { JobProgress } from '../../support/job-progress.js';
import { retryOnConflict } from '../../support/retry-on-conflict.js';
import type { UpdateJobExecutionResult } from '../../views.js';
import { UpdateJobExecutionCommand } from './update-job-execution.command.js';

/**
 * A device's report. expectedVersion is compared by the decider against the execution's
 * versionNumber, so a lost race is simply decided again on fresh state.
 */
@CommandHandler(UpdateJobExecutionCommand)
export class UpdateJobExecutionHandler implements ICommandHandler<UpdateJobExecutionCommand> {
  constructor(
    private readonly executions: ExecutionStreams,
    private readonly progress: JobProgress,
    private readonly readModel: JobsReadModel,
  ) {}

  async execute({ input }: UpdateJobExecutionCommand): Promise<UpdateJobExecutionResult> {
    const events = await retryOnConflict(
      () =>
        this.executions.execute(input.jobId, input.thingName, {
          type: 'UpdateJobExecution',
          data: {
            status: input.status,
            actor: input.actor,
            now: new Date(),
            ...(input.statusDetails !== undefined ? { statusDetails: input.statusDetails } : {}),
            ...(input.expectedVersion !== undefined ? { expectedVersion: input.expectedVersion } : {}),
            ...(input.executionNumber !== undefined ? { executionNumber: input.executionNumber } : {}),
            ...(input.stepTimeoutInMinutes !== undefined ? { stepTimeoutInMinutes: input.stepTimeoutInMinutes } : {}),
          },
        }),
      { pinned: false },
    );
    const last = events.at(-1);
    if (last && isTerminalExecutionStatus(last.data.status)) await this.progress.executionEnded(input.jobId, input.thingName, last.data.status);
    return this.result(input, last);
  }

  private async result(input: UpdateJobExecutionCommand['input'], last: JobExecutionEvent | undefined): Promise<UpdateJobExecutionResult> {
    const result: UpdateJobExecutionResult = {};
    if (input.includeJobExecutionState) {
      const execution = await this.readModel.findExecution(input, last?.data.executionNumber ?? input.executionNumber);
      if (!execution) throw new DomainError('ResourceNotFound', `No execution of job ${input.jobId} on thing ${input.thingName}`);
      result.executionState = {
        status: execution.status,
        statusDetails: execution.statusDetails,
        versionNumber: execution.versionNumber,
      };
    }
    if (input.includeJobDocument) {
      const document = await this.readModel.findJobDocument(input.jobId);
      if (document !== undefined) result.jobDocument = document;
    }
    return result;
  }
}
