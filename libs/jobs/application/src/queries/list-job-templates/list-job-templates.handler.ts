import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { JobsReadModel } from '../../ports/jobs-read-model.port.js';
import type { JobTemplateView, Page } from '../../views.js';
import { ListJobTemplatesQuery } from './list-job-templates.query.js';

@QueryHandler(ListJobTemplatesQuery)
export class ListJobTemplatesHandler implements IQueryHandler<ListJobTemplatesQuery> {
  constructor(private readonly readModel: JobsReadModel) {}

  execute({ input }: ListJobTemplatesQuery): Promise<Page<JobTemplateView>> {
    return this.readModel.listJobTemplates(input);
  }
}
