import { Query } from '@nestjs/cqrs';
import type { JobStatus, JobView, Page } from '../../views.js';

export class ListJobsQuery extends Query<Page<JobView>> {
  constructor(
    readonly input: {
      status?: JobStatus;
      targetSelection?: 'SNAPSHOT' | 'CONTINUOUS';
      /** Only jobs that name this ARN among their targets (ListJobs' thingGroupName: direct targets). */
      targetArn?: string;
      maxResults: number;
      cursor?: string;
    },
  ) {
    super();
  }
}
