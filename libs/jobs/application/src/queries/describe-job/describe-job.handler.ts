import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError, scheduledJobRollouts } from '#jobs/domain';
import { Clock } from '../../ports/clock.port.js';
import { CronCalendar } from '../../ports/cron-calendar.port.js';
import { JobsReadModel } from '../../ports/jobs-read-model.port.js';
import type { JobView } from '../../views.js';
import { DescribeJobQuery } from './describe-job.query.js';

/**
 * DescribeJob. `scheduledJobRollouts` (the next maintenance window starts, docs/aws-behaviour.md
 * §21.7) is computed here at read time from the stored config and the clock: it changes with time,
 * not with events, so no projection could keep it.
 */
@QueryHandler(DescribeJobQuery)
export class DescribeJobHandler implements IQueryHandler<DescribeJobQuery> {
  constructor(
    private readonly readModel: JobsReadModel,
    private readonly calendar: CronCalendar,
    private readonly clock: Clock,
  ) {}

  async execute({ input }: DescribeJobQuery): Promise<JobView> {
    const job = await this.readModel.findJob(input.jobId);
    if (!job) throw new DomainError('ResourceNotFound', `Job ${input.jobId} does not exist`);
    const rollouts = scheduledJobRollouts(job.schedulingConfig, this.calendar, this.clock.now());
    return rollouts === undefined ? job : { ...job, scheduledJobRollouts: rollouts };
  }
}
