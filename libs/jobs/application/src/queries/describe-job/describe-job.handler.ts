import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError } from '#jobs/domain';
import { JobsReadModel } from '../../ports/jobs-read-model.port.js';
import type { JobView } from '../../views.js';
import { DescribeJobQuery } from './describe-job.query.js';

@QueryHandler(DescribeJobQuery)
export class DescribeJobHandler implements IQueryHandler<DescribeJobQuery> {
  constructor(private readonly readModel: JobsReadModel) {}

  async execute({ input }: DescribeJobQuery): Promise<JobView> {
    const job = await this.readModel.findJob(input.jobId);
    if (!job) throw new DomainError('ResourceNotFound', `Job ${input.jobId} does not exist`);
    return job;
  }
}
