import type { Message } from '../decider.js';
import type { Actor } from '../statuses.js';
import type { JobTemplateContent } from './events.js';
import type { ResourceTag } from '../tags/tags.js';

interface CommandBase {
  readonly actor: Actor;
  readonly now: Date;
}

/**
 * CreateJobTemplate after the application merged a copied job's fields with the request's: the
 * document is required here (documentSource is refused at the edge, ADR 18).
 */
export type CreateJobTemplate = Message<
  'CreateJobTemplate',
  CommandBase &
    Omit<JobTemplateContent, 'document'> & {
      readonly jobTemplateId: string;
      readonly document?: string;
      readonly copiedFromJobId?: string;
      readonly tags?: readonly ResourceTag[];
    }
>;

export type DeleteJobTemplate = Message<'DeleteJobTemplate', CommandBase & { readonly jobTemplateId: string }>;

/** TagResource on a template: each key is added, or its value replaced. */
export type TagJobTemplate = Message<'TagJobTemplate', CommandBase & { readonly jobTemplateId: string; readonly tags: readonly ResourceTag[] }>;

/** UntagResource on a template: keys it does not hold change nothing. */
export type UntagJobTemplate = Message<'UntagJobTemplate', CommandBase & { readonly jobTemplateId: string; readonly tagKeys: readonly string[] }>;

export type JobTemplateCommand = CreateJobTemplate | DeleteJobTemplate | TagJobTemplate | UntagJobTemplate;
