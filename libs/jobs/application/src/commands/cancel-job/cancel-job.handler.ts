import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { planExecutionCancellations } from '#jobs/domain';
import { EventStore, type StreamWrite } from '../../ports/event-store.port.js';
import { JobsReadModel } from '../../ports/jobs-read-model.port.js';
import { ExecutionStreams } from '../../support/execution-streams.js';
import { JobStreams } from '../../support/job-streams.js';
import { retryOnConflict } from '../../support/retry-on-conflict.js';
import { jobArn, ServiceIdentity } from '../../support/service-identity.js';
import type { JobSummaryResult } from '../../views.js';
import { CancelJobCommand } from './cancel-job.command.js';

/**
 * Cancels the job and, in the same transaction, the executions spec §7.4 says it cancels: QUEUED
 * always, IN_PROGRESS only with force. AWS applies this eventually; we apply it at once.
 */
@CommandHandler(CancelJobCommand)
export class CancelJobHandler implements ICommandHandler<CancelJobCommand> {
  constructor(
    private readonly jobs: JobStreams,
    private readonly executions: ExecutionStreams,
    private readonly readModel: JobsReadModel,
    private readonly store: EventStore,
    private readonly identity: ServiceIdentity,
  ) {}

  async execute({ input }: CancelJobCommand): Promise<JobSummaryResult> {
    const description = await retryOnConflict(async () => {
      const now = new Date();
      const job = await this.jobs.load(input.jobId);
      const cancel = {
        force: input.force,
        actor: input.actor,
        now,
        ...(input.reasonCode !== undefined ? { reasonCode: input.reasonCode } : {}),
        ...(input.comment !== undefined ? { comment: input.comment } : {}),
      };
      const planned = this.jobs.plan(job, { type: 'CancelJob', data: cancel });
      if (!planned.write) return planned.state.job?.description;
      const writes: StreamWrite[] = [planned.write];
      const pending = await this.readModel.pendingExecutionsOfJob(input.jobId);
      for (const plan of planExecutionCancellations(cancel, pending)) {
        const loaded = await this.executions.load(plan.jobId, plan.thingName);
        const { write } = this.executions.plan(loaded, plan.command);
        if (write) writes.push(write);
      }
      await this.store.appendMany(writes);
      return planned.state.job?.description;
    }, { pinned: false });
    return { jobArn: jobArn(this.identity, input.jobId), jobId: input.jobId, ...(description !== undefined ? { description } : {}) };
  }
}
