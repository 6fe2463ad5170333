import { Query } from '@nestjs/cqrs';
import type { DeviceJobExecution } from '../../views.js';

export class DescribeJobExecutionQuery extends Query<DeviceJobExecution> {
  constructor(readonly input: { thingName: string; jobId: string; executionNumber?: number; includeJobDocument: boolean }) {
    super();
  }
}

/** The data plane's `$next`: a read-only peek at what StartNextPendingJobExecution would pick. */
