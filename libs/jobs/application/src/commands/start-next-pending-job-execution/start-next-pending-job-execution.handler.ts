import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '#jobs/domain';
import { StreamConflictError } from '../../ports/event-store.port.js';
import { Clock } from '../../ports/clock.port.js';
import { JobsReadModel } from '../../ports/jobs-read-model.port.js';
import { ExecutionStreams } from '../../support/execution-streams.js';
import { pickNextPending } from '../../support/next-pending.js';
import { retryOnConflict } from '../../support/retry-on-conflict.js';
import type { DeviceJobExecution, JobExecutionView } from '../../views.js';
import { StartNextPendingJobExecutionCommand } from './start-next-pending-job-execution.command.js';

/**
 * Picks the thing's next pending execution and, if it is QUEUED, starts it. An IN_PROGRESS one is
 * returned unchanged. The job document is always included, as in the MQTT API.
 */
@CommandHandler(StartNextPendingJobExecutionCommand)
export class StartNextPendingJobExecutionHandler implements ICommandHandler<StartNextPendingJobExecutionCommand> {
  constructor(
    private readonly executions: ExecutionStreams,
    private readonly readModel: JobsReadModel,
    private readonly clock: Clock,
  ) {}

  async execute({ input }: StartNextPendingJobExecutionCommand): Promise<{ execution?: DeviceJobExecution }> {
    // Picking is part of the decision: a lost race (the pick was canceled meanwhile) picks again.
    const execution = await retryOnConflict(() => this.startNext(input), { pinned: false });
    if (!execution) return {};
    const jobDocument = await this.readModel.findJobDocument(execution.jobId);
    return { execution: { ...execution, ...(jobDocument !== undefined ? { jobDocument } : {}) } };
  }

  private async startNext(input: StartNextPendingJobExecutionCommand['input']): Promise<JobExecutionView | undefined> {
    const next = pickNextPending(await this.readModel.pendingExecutions(input.thingName));
    if (!next || next.status === 'IN_PROGRESS') return next;
    // The job's timeout now, not the one the execution was queued with: UpdateJob may have changed it.
    const currentTimeoutConfig = await this.readModel.jobTimeoutConfig(next.jobId);
    try {
      await this.executions.execute(next.jobId, input.thingName, {
        type: 'StartJobExecution',
        data: {
          executionNumber: next.executionNumber,
          actor: input.actor,
          now: this.clock.now(),
          ...(input.statusDetails !== undefined ? { statusDetails: input.statusDetails } : {}),
          ...(input.stepTimeoutInMinutes !== undefined ? { stepTimeoutInMinutes: input.stepTimeoutInMinutes } : {}),
          ...(currentTimeoutConfig !== undefined ? { currentTimeoutConfig } : {}),
        },
      });
    } catch (error) {
      // Canceled or deleted between our read and our decision: pick again.
      if (error instanceof DomainError && (error.code === 'InvalidStateTransition' || error.code === 'ResourceNotFound')) {
        throw new StreamConflictError(next.jobId, { cause: error });
      }
      throw error;
    }
    return this.readModel.findExecution(next, next.executionNumber);
  }
}
