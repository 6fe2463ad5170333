import { Query } from '@nestjs/cqrs';
import type { JobExecutionStatus, JobExecutionView, Page } from '../../views.js';

export class ListJobExecutionsForJobQuery extends Query<Page<JobExecutionView>> {
  constructor(readonly input: { jobId: string; status?: JobExecutionStatus; maxResults: number; cursor?: string }) {
    super();
  }
}
