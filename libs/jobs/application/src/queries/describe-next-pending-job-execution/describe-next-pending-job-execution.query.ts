import { Query } from '@nestjs/cqrs';
import type { DeviceJobExecution } from '../../views.js';

export class DescribeNextPendingJobExecutionQuery extends Query<DeviceJobExecution | undefined> {
  constructor(readonly input: { thingName: string; includeJobDocument: boolean }) {
    super();
  }
}
