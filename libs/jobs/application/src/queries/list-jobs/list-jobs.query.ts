import { Query } from '@nestjs/cqrs';
import type { JobStatus, JobView, Page } from '../../views.js';

export class ListJobsQuery extends Query<Page<JobView>> {
  constructor(
    readonly input: { status?: JobStatus; targetSelection?: 'SNAPSHOT' | 'CONTINUOUS'; maxResults: number; cursor?: string },
  ) {
    super();
  }
}
