import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError, type JobExecutionEvent } from '#jobs/domain';
import { JobsReadModel } from '../../ports/jobs-read-model.port.js';
import { ExecutionStreams } from '../../support/execution-streams.js';
import type { UpdateJobExecutionResult } from '../../views.js';
import { UpdateJobExecutionCommand } from './update-job-execution.command.js';

/**
 * A device's report. expectedVersion is compared by the decider against the execution's
 * versionNumber, so a lost race is simply decided again on fresh state. What follows an ending
 * (retry, job completion) is the job-progress reaction's.
 */
@CommandHandler(UpdateJobExecutionCommand)
export class UpdateJobExecutionHandler implements ICommandHandler<UpdateJobExecutionCommand> {
  constructor(
    private readonly executions: ExecutionStreams,
    private readonly readModel: JobsReadModel,
  ) {}

  async execute({ input }: UpdateJobExecutionCommand): Promise<UpdateJobExecutionResult> {
    // Only IN_PROGRESS can start an execution; its in-progress timer follows the job's timeout now.
    const currentTimeoutConfig = input.status === 'IN_PROGRESS' ? await this.readModel.jobTimeoutConfig(input.jobId) : undefined;
    const events = await this.executions.decide(input.jobId, input.thingName, (now) => ({
      type: 'UpdateJobExecution',
      data: {
        status: input.status,
        actor: input.actor,
        now,
        ...(input.statusDetails !== undefined ? { statusDetails: input.statusDetails } : {}),
        ...(input.expectedVersion !== undefined ? { expectedVersion: input.expectedVersion } : {}),
        ...(input.executionNumber !== undefined ? { executionNumber: input.executionNumber } : {}),
        ...(input.stepTimeoutInMinutes !== undefined ? { stepTimeoutInMinutes: input.stepTimeoutInMinutes } : {}),
        ...(currentTimeoutConfig !== undefined ? { currentTimeoutConfig } : {}),
      },
    }));
    return this.result(input, events.at(-1));
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
