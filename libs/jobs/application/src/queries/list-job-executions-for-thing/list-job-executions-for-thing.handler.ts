import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { JobsReadModel } from '../../ports/jobs-read-model.port.js';
import type { JobExecutionView, Page } from '../../views.js';
import { ListJobExecutionsForThingQuery } from './list-job-executions-for-thing.query.js';

/** Things have no registry here, so an unknown thing simply has no executions. */
@QueryHandler(ListJobExecutionsForThingQuery)
export class ListJobExecutionsForThingHandler implements IQueryHandler<ListJobExecutionsForThingQuery> {
  constructor(private readonly readModel: JobsReadModel) {}

  execute({ input }: ListJobExecutionsForThingQuery): Promise<Page<JobExecutionView>> {
    return this.readModel.listExecutionsForThing(input);
  }
}
