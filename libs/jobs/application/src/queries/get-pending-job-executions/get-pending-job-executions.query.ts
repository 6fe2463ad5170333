import { Query } from '@nestjs/cqrs';
import type { JobExecutionView } from '../../views.js';

export class GetPendingJobExecutionsQuery extends Query<{ inProgress: JobExecutionView[]; queued: JobExecutionView[] }> {
  constructor(readonly input: { thingName: string }) {
    super();
  }
}
