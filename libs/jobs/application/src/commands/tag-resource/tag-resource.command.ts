import { Command } from '@nestjs/cqrs';
import type { ResourceTag } from '#jobs/domain';

/** TagResource in AWS terms: adds tags to a job or job template, or replaces their values. */
export class TagResourceCommand extends Command<void> {
  constructor(readonly input: { resourceArn: string; tags: ResourceTag[]; actor: string }) {
    super();
  }
}
