import { Query } from '@nestjs/cqrs';
import type { JobView } from '../../views.js';

export class DescribeJobQuery extends Query<JobView> {
  constructor(readonly input: { jobId: string }) {
    super();
  }
}
