import { Query } from '@nestjs/cqrs';
import type { JobTemplateView, Page } from '../../views.js';

export class ListJobTemplatesQuery extends Query<Page<JobTemplateView>> {
  constructor(readonly input: { maxResults: number; cursor?: string }) {
    super();
  }
}
