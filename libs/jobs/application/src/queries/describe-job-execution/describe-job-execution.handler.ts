import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError } from '#jobs/domain';
import { JobsReadModel } from '../../ports/jobs-read-model.port.js';
import type { DeviceJobExecution } from '../../views.js';
import { DescribeJobExecutionQuery } from './describe-job-execution.query.js';

/** Both planes' DescribeJobExecution: the given execution, or the latest of (job, thing). */
@QueryHandler(DescribeJobExecutionQuery)
export class DescribeJobExecutionHandler implements IQueryHandler<DescribeJobExecutionQuery> {
  constructor(private readonly readModel: JobsReadModel) {}

  async execute({ input }: DescribeJobExecutionQuery): Promise<DeviceJobExecution> {
    const execution = await this.readModel.findExecution(input, input.executionNumber);
    if (!execution) {
      const which = input.executionNumber === undefined ? '' : ` with executionNumber ${input.executionNumber}`;
      throw new DomainError('ResourceNotFound', `No execution of job ${input.jobId} on thing ${input.thingName}${which}`);
    }
    if (!input.includeJobDocument) return execution;
    const jobDocument = await this.readModel.findJobDocument(input.jobId);
    return { ...execution, ...(jobDocument !== undefined ? { jobDocument } : {}) };
  }
}
