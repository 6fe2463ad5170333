import { Command } from '@nestjs/cqrs';

/** UntagResource in AWS terms: removes the given keys from a job or job template. */
export class UntagResourceCommand extends Command<void> {
  constructor(readonly input: { resourceArn: string; tagKeys: string[]; actor: string }) {
    super();
  }
}
