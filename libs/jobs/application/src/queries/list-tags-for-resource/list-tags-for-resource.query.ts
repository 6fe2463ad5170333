import { Query } from '@nestjs/cqrs';
import type { ResourceTag } from '#jobs/domain';

/** ListTagsForResource in AWS terms: every tag in one page (a resource has at most 50). */
export class ListTagsForResourceQuery extends Query<ResourceTag[]> {
  constructor(readonly input: { resourceArn: string }) {
    super();
  }
}
