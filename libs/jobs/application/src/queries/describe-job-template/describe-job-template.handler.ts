import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError } from '#jobs/domain';
import { JobsReadModel } from '../../ports/jobs-read-model.port.js';
import type { JobTemplateView } from '../../views.js';
import { DescribeJobTemplateQuery } from './describe-job-template.query.js';

@QueryHandler(DescribeJobTemplateQuery)
export class DescribeJobTemplateHandler implements IQueryHandler<DescribeJobTemplateQuery> {
  constructor(private readonly readModel: JobsReadModel) {}

  async execute({ input }: DescribeJobTemplateQuery): Promise<JobTemplateView> {
    const template = await this.readModel.findJobTemplate(input.jobTemplateId);
    if (!template) throw new DomainError('ResourceNotFound', `Job template ${input.jobTemplateId} does not exist`);
    return template;
  }
}
