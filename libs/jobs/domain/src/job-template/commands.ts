import type { Message } from '../decider.js';
import type { Actor } from '../statuses.js';
import type { JobTemplateContent } from './events.js';

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
    }
>;

export type DeleteJobTemplate = Message<'DeleteJobTemplate', CommandBase & { readonly jobTemplateId: string }>;

export type JobTemplateCommand = CreateJobTemplate | DeleteJobTemplate;
