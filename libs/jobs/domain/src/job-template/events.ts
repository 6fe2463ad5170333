import type { Message } from '../decider.js';
import type { AbortConfig, JobExecutionsRetryConfig, TimeoutConfig } from '../job-config.js';
import type { Actor } from '../statuses.js';

/** What a job created from a template inherits (docs/aws-behaviour.md §18). */
export interface JobTemplateContent {
  readonly description: string;
  readonly document: string;
  readonly timeoutConfig?: TimeoutConfig;
  readonly jobExecutionsRetryConfig?: JobExecutionsRetryConfig;
  readonly abortConfig?: AbortConfig;
}

/** Events of one template stream (`job-template/<jobTemplateId>`). Times are ISO-8601 strings. */
export interface JobTemplateEventData {
  readonly jobTemplateId: string;
  readonly at: string;
  readonly actor: Actor;
}

export type JobTemplateCreated = Message<
  'JobTemplateCreated',
  JobTemplateEventData &
    JobTemplateContent & {
      /** The job whose document and configurations were copied (CreateJobTemplate with jobArn). */
      readonly copiedFromJobId?: string;
    }
>;

/** The template is gone and its id free again; jobs created from it keep what they copied. */
export type JobTemplateDeleted = Message<'JobTemplateDeleted', JobTemplateEventData>;

export type JobTemplateEvent = JobTemplateCreated | JobTemplateDeleted;

export type JobTemplateEventType = JobTemplateEvent['type'];
