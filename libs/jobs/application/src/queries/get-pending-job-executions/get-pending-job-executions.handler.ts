import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { JobsReadModel } from '../../ports/jobs-read-model.port.js';
import type { JobExecutionView } from '../../views.js';
import { GetPendingJobExecutionsQuery } from './get-pending-job-executions.query.js';

@QueryHandler(GetPendingJobExecutionsQuery)
export class GetPendingJobExecutionsHandler implements IQueryHandler<GetPendingJobExecutionsQuery> {
  constructor(private readonly readModel: JobsReadModel) {}

  async execute({ input }: GetPendingJobExecutionsQuery): Promise<{ inProgress: JobExecutionView[]; queued: JobExecutionView[] }> {
    const pending = await this.readModel.pendingExecutions(input.thingName);
    return {
      inProgress: pending.filter((execution) => execution.status === 'IN_PROGRESS'),
      queued: pending.filter((execution) => execution.status === 'QUEUED'),
    };
  }
}
