import { Query } from '@nestjs/cqrs';
import type { JobExecutionStatus, JobExecutionView, Page } from '../../views.js';

export class ListJobExecutionsForThingQuery extends Query<Page<JobExecutionView>> {
  constructor(readonly input: { thingName: string; jobId?: string; status?: JobExecutionStatus; maxResults: number; cursor?: string }) {
    super();
  }
}
