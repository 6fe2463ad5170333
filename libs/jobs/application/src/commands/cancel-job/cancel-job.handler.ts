import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { JobStreams } from '../../support/job-streams.js';
import { jobArn, ServiceIdentity } from '../../support/service-identity.js';
import type { JobSummaryResult } from '../../views.js';
import { CancelJobCommand } from './cancel-job.command.js';

/**
 * Cancels the job, and only the job: it answers at once however many executions the job has and
 * however busy their devices are. The job-wide-work reaction then cancels the executions
 * (QUEUED always, IN_PROGRESS with force), as AWS does progressively; DescribeJob shows
 * `isConcurrent` meanwhile.
 */
@CommandHandler(CancelJobCommand)
export class CancelJobHandler implements ICommandHandler<CancelJobCommand> {
  constructor(
    private readonly jobs: JobStreams,
    private readonly identity: ServiceIdentity,
  ) {}

  async execute({ input }: CancelJobCommand): Promise<JobSummaryResult> {
    const { state } = await this.jobs.decide(input.jobId, (now) => ({
      type: 'CancelJob',
      data: {
        force: input.force,
        actor: input.actor,
        now,
        ...(input.reasonCode !== undefined ? { reasonCode: input.reasonCode } : {}),
        ...(input.comment !== undefined ? { comment: input.comment } : {}),
      },
    }));
    const description = state.job?.description;
    return { jobArn: jobArn(this.identity, input.jobId), jobId: input.jobId, ...(description !== undefined ? { description } : {}) };
  }
}
