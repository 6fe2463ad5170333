import { Query } from '@nestjs/cqrs';
import type { JobStatus, JobView, Page } from '../../views.js';

/** A page of jobs; filtered by a group, it names the group's id (each summary carries it). */
export type ListJobsResult = Page<JobView> & { thingGroupId?: string };

export class ListJobsQuery extends Query<ListJobsResult> {
  constructor(
    readonly input: {
      status?: JobStatus;
      targetSelection?: 'SNAPSHOT' | 'CONTINUOUS';
      /** Only jobs that name the group among their targets (directly; DECISIONS.md 34). */
      thingGroupName?: string;
      /** The same filter by the group's id; with thingGroupName, both must name one group. */
      thingGroupId?: string;
      maxResults: number;
      cursor?: string;
    },
  ) {
    super();
  }
}
