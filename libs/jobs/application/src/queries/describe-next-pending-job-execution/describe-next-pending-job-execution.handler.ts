import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { JobsReadModel } from '../../ports/jobs-read-model.port.js';
import { pickNextPending } from '../../support/next-pending.js';
import type { DeviceJobExecution } from '../../views.js';
import { DescribeNextPendingJobExecutionQuery } from './describe-next-pending-job-execution.query.js';

/** `$next` on DescribeJobExecution: what StartNext would pick, without starting it. */
@QueryHandler(DescribeNextPendingJobExecutionQuery)
export class DescribeNextPendingJobExecutionHandler implements IQueryHandler<DescribeNextPendingJobExecutionQuery> {
  constructor(private readonly readModel: JobsReadModel) {}

  async execute({ input }: DescribeNextPendingJobExecutionQuery): Promise<DeviceJobExecution | undefined> {
    const next = pickNextPending(await this.readModel.pendingExecutions(input.thingName));
    if (!next || !input.includeJobDocument) return next;
    const jobDocument = await this.readModel.findJobDocument(next.jobId);
    return { ...next, ...(jobDocument !== undefined ? { jobDocument } : {}) };
  }
}
