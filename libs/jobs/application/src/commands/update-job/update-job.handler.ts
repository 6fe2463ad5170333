import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { JobStreams } from '../../support/job-streams.js';
import { UpdateJobCommand } from './update-job.command.js';

/**
 * Changes a running job's description and configs (docs/aws-behaviour.md §17). What follows is
 * the reactions': the abort reaction checks the (new) criteria again on JobUpdated; a new
 * timeoutConfig is read by executions as they start; zero retries stop the retry reaction.
 */
@CommandHandler(UpdateJobCommand)
export class UpdateJobHandler implements ICommandHandler<UpdateJobCommand> {
  constructor(private readonly jobs: JobStreams) {}

  async execute({ input }: UpdateJobCommand): Promise<void> {
    const { jobId, actor, ...changes } = input;
    await this.jobs.decide(jobId, (now) => ({ type: 'UpdateJob', data: { ...changes, actor, now } }));
  }
}
