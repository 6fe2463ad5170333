import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { JobsReadModel } from '../../ports/jobs-read-model.port.js';
import { JobStreams } from '../../support/job-streams.js';
import { DeleteJobCommand } from './delete-job.command.js';

/**
 * Puts the job in DELETION_IN_PROGRESS and answers; the job-wide-work reaction deletes its
 * executions and then the job. The limit on deletions in progress counts the jobs being deleted
 * now: two requests racing for the tenth place may both pass, a bounded overshoot by design (the
 * limit protects the service, it is not an invariant of any one job).
 */
@CommandHandler(DeleteJobCommand)
export class DeleteJobHandler implements ICommandHandler<DeleteJobCommand> {
  constructor(
    private readonly jobs: JobStreams,
    private readonly readModel: JobsReadModel,
  ) {}

  async execute({ input }: DeleteJobCommand): Promise<void> {
    const deletionsInProgress = await this.readModel.jobsBeingDeleted();
    await this.jobs.decide(input.jobId, (now) => ({
      type: 'DeleteJob',
      data: { force: input.force, deletionsInProgress, actor: input.actor, now },
    }));
  }
}
