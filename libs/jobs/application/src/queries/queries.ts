import { Query } from '@nestjs/cqrs';
import type { JobExecutionStatus, JobExecutionView, JobStatus, JobView } from '../views.js';
import type { DeviceJobExecution } from '../commands/commands.js';

/**
 * The read use cases. List queries page with an opaque `cursor` string made by the read model; the
 * HTTP edge wraps it into the AWS `nextToken`. A page without `nextCursor` is the last one.
 */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export class DescribeJobQuery extends Query<JobView> {
  constructor(readonly input: { jobId: string }) {
    super();
  }
}

export class ListJobsQuery extends Query<Page<JobView>> {
  constructor(
    readonly input: { status?: JobStatus; targetSelection?: 'SNAPSHOT' | 'CONTINUOUS'; maxResults: number; cursor?: string },
  ) {
    super();
  }
}

export class DescribeJobExecutionQuery extends Query<DeviceJobExecution> {
  constructor(
    readonly input: { thingName: string; jobId: string; executionNumber?: number; includeJobDocument: boolean },
  ) {
    super();
  }
}

/** The data plane's `$next`: a read-only peek at what StartNextPendingJobExecution would pick. */
export class DescribeNextPendingJobExecutionQuery extends Query<DeviceJobExecution | undefined> {
  constructor(readonly input: { thingName: string; includeJobDocument: boolean }) {
    super();
  }
}

export class ListJobExecutionsForJobQuery extends Query<Page<JobExecutionView>> {
  constructor(readonly input: { jobId: string; status?: JobExecutionStatus; maxResults: number; cursor?: string }) {
    super();
  }
}

export class ListJobExecutionsForThingQuery extends Query<Page<JobExecutionView>> {
  constructor(
    readonly input: { thingName: string; jobId?: string; status?: JobExecutionStatus; maxResults: number; cursor?: string },
  ) {
    super();
  }
}

export class GetPendingJobExecutionsQuery extends Query<{ inProgress: JobExecutionView[]; queued: JobExecutionView[] }> {
  constructor(readonly input: { thingName: string }) {
    super();
  }
}
