import { Query } from '@nestjs/cqrs';
import type { JobTemplateView } from '../../views.js';

export class DescribeJobTemplateQuery extends Query<JobTemplateView> {
  constructor(readonly input: { jobTemplateId: string }) {
    super();
  }
}
