import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { JobsReadModel } from '../../ports/jobs-read-model.port.js';
import type { JobExecutionView } from '../../views.js';
import { GetPendingJobExecutionsQuery } from './get-pending-job-executions.query.js';

const MAX_QUEUED_RETURNED = 10;

@QueryHandler(GetPendingJobExecutionsQuery)
export class GetPendingJobExecutionsHandler implements IQueryHandler<GetPendingJobExecutionsQuery> {
  constructor(private readonly readModel: JobsReadModel) {}

  async execute({ input }: GetPendingJobExecutionsQuery): Promise<{ inProgress: JobExecutionView[]; queued: JobExecutionView[] }> {
    const pending = await this.readModel.pendingExecutions(input.thingName);
    return {
      inProgress: pending.filter((execution) => execution.status === 'IN_PROGRESS'),
      // AWS returns at most 10 executions that have not started (docs/aws-behaviour.md §6.11, DECISIONS.md).
      queued: pending.filter((execution) => execution.status === 'QUEUED').slice(0, MAX_QUEUED_RETURNED),
    };
  }
}
