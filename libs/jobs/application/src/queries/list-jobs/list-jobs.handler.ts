import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { JobsReadModel } from '../../ports/jobs-read-model.port.js';
import type { JobView, Page } from '../../views.js';
import { ListJobsQuery } from './list-jobs.query.js';

@QueryHandler(ListJobsQuery)
export class ListJobsHandler implements IQueryHandler<ListJobsQuery> {
  constructor(private readonly readModel: JobsReadModel) {}

  execute({ input }: ListJobsQuery): Promise<Page<JobView>> {
    return this.readModel.listJobs(input);
  }
}
