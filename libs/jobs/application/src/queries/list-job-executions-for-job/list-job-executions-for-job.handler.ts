import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError } from '#jobs/domain';
import { JobsReadModel } from '../../ports/jobs-read-model.port.js';
import type { JobExecutionView, Page } from '../../views.js';
import { ListJobExecutionsForJobQuery } from './list-job-executions-for-job.query.js';

@QueryHandler(ListJobExecutionsForJobQuery)
export class ListJobExecutionsForJobHandler implements IQueryHandler<ListJobExecutionsForJobQuery> {
  constructor(private readonly readModel: JobsReadModel) {}

  async execute({ input }: ListJobExecutionsForJobQuery): Promise<Page<JobExecutionView>> {
    if (!(await this.readModel.jobExists(input.jobId))) {
      throw new DomainError('ResourceNotFound', `Job ${input.jobId} does not exist`);
    }
    return this.readModel.listExecutionsForJob(input);
  }
}
